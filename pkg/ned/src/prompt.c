/* The interactive prompt ("ned> "): each line is run as Lua, as Lua's own
 * interpreter does: an expression's values are printed, an incomplete
 * statement continues on the next line (">> "), an error is printed and
 * the prompt comes back. */
#include "ned.h"

#include <string.h>

enum { PROMPT_LINE = 512, PROMPT_CHUNK = 4096 };

/* Compiles chunk: first as "return <chunk>" (an expression), else as is.
 * Returns the load status; the function or the message is on the stack. */
static int compile(lua_State *L, const char *chunk)
{
	lua_pushfstring(L, "return %s", chunk);
	int r = luaL_loadbuffer(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=prompt");
	lua_remove(L, -2);
	if (r == LUA_OK)
		return r;
	lua_pop(L, 1);
	return luaL_loadbuffer(L, chunk, strlen(chunk), "=prompt");
}

/* A syntax error that only says the chunk ended too early. */
static bool incomplete(lua_State *L, int status)
{
	size_t len;
	const char *msg = lua_tolstring(L, -1, &len);
	return status == LUA_ERRSYNTAX && msg && len >= 5 && !strcmp(msg + len - 5, "<eof>");
}

/* Runs the compiled chunk and prints what it returned. */
static void run(lua_State *L)
{
	int base = lua_gettop(L) - 1;
	if (ned_pcall(L, 0, LUA_MULTRET) < 0)
		return;
	int n = lua_gettop(L) - base;
	if (n > 0 && lua_getglobal(L, "print") == LUA_TFUNCTION) {
		lua_insert(L, base + 1);
		ned_pcall(L, n, 0);
	}
	lua_settop(L, base);
}

void ned_prompt_run(lua_State *L)
{
	long r = ned_console_open();
	if (r < 0) {
		ned_msg("interactive mode: cannot read the console (%ld)", r);
		return;
	}
	ned_msg("interactive mode: enter Lua statements");
	static char chunk[PROMPT_CHUNK], line[PROMPT_LINE];
	size_t used = 0;
	for (;;) {
		size_t n = ned_console_readline(used ? ">> " : "ned> ", line, sizeof(line));
		if (used + n + 2 > sizeof(chunk)) {
			ned_msg("error: statement too long (at most %d bytes)", PROMPT_CHUNK - 2);
			used = 0;
			continue;
		}
		if (used)
			chunk[used++] = '\n';
		memcpy(chunk + used, line, n + 1);
		used += n;
		int status = compile(L, chunk);
		if (status != LUA_OK && incomplete(L, status)) {
			lua_pop(L, 1);
			continue;
		}
		used = 0;
		if (status != LUA_OK) {
			ned_msg("error: %s", ned_error_text(L, -1));
			lua_pop(L, 1);
			continue;
		}
		run(L);
	}
}
