/* ned's Lua interpreter: the standard libraries, the L4 package (C
 * bindings plus the embedded ned.lua), then the -e statements, the
 * scenario's script with its arguments in 'arg', and the prompt. A Lua
 * error is printed with the script's name and line; the programs started
 * before it go on running. */
#include "ned.h"

#include <string.h>
#include <lualib.h>

/* src/ned_lua.S: the bytes of src/ned.lua. */
extern const char ned_lua_start[], ned_lua_end[];

static int open_l4(lua_State *L)
{
	lua_newtable(L);
	ned_cap_open(L);
	ned_factory_open(L);
	ned_ns_open(L);
	ned_pfc_open(L);
	ned_env_open(L);
	ned_info_open(L);
	ned_exec_open(L);
	ned_task_open(L);
	return 1;
}

/* require("rom/x") finds rom/x.lua (and rom/x), as in L4Re; the library's
 * own path (rom/?.lua;...) serves require("x"). */
static void extend_path(lua_State *L)
{
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "path");
	lua_pushliteral(L, ";?.lua;?");
	lua_concat(L, 2);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
}

static int open_all(lua_State *L)
{
	luaL_openlibs(L);
	luaL_requiref(L, "L4", open_l4, 1);
	lua_pop(L, 1);
	extend_path(L);
	if (luaL_loadbuffer(L, ned_lua_start, (size_t)(ned_lua_end - ned_lua_start),
			    NED_LUA_CHUNK) != LUA_OK)
		return lua_error(L);
	lua_call(L, 0, 0);
	return 0;
}

lua_State *ned_lua_new(void)
{
	lua_State *L = luaL_newstate();
	if (!L) {
		ned_msg("cannot create the Lua state: out of memory");
		return NULL;
	}
	lua_pushcfunction(L, open_all);
	if (ned_pcall(L, 0, 0) < 0) {
		lua_close(L);
		return NULL;
	}
	return L;
}

static void run_statement(lua_State *L, const char *stmt)
{
	if (luaL_loadbuffer(L, stmt, strlen(stmt), "=-e") != LUA_OK) {
		ned_msg("error: %s", ned_error_text(L, -1));
		lua_pop(L, 1);
		return;
	}
	ned_pcall(L, 0, 0);
}

/* Runs the script with arg = { [0] = script, args... } (also passed as
 * the chunk's '...'). */
static void run_script(lua_State *L, const struct ned_options *o)
{
	lua_createtable(L, o->script_argc, 1);
	for (int i = 0; i < o->script_argc; i++) {
		lua_pushstring(L, o->script_argv[i]);
		lua_rawseti(L, -2, i);
	}
	lua_setglobal(L, "arg");
	ned_msg("loading '%s'", o->script);
	if (luaL_loadfile(L, o->script) != LUA_OK) {
		ned_msg("error: %s", ned_error_text(L, -1));
		lua_pop(L, 1);
		return;
	}
	for (int i = 1; i < o->script_argc; i++)
		lua_pushstring(L, o->script_argv[i]);
	ned_pcall(L, o->script_argc - 1, 0);
}

void ned_lua_run(lua_State *L, const struct ned_options *o)
{
	for (unsigned i = 0; i < o->n_exec; i++)
		run_statement(L, o->exec[i]);
	if (o->script)
		run_script(L, o);
	lua_gc(L, LUA_GCCOLLECT, 0);
	if (o->interactive)
		ned_prompt_run(L);
}
