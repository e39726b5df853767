/* Helpers of rt-lua's tests: Lua states, running chunks, checking results. */
#include "lt.h"
#include <lauxlib.h>
#include <lualib.h>
#include <string.h>
#include <utap.h>

/* What every test state has besides the standard libraries. */
static const char prelude[] =
	"default_path = package.path\n"
	"package.path = 'rom/?.lua;rom/?'\n"
	"function cat(...)\n"
	"  local t = table.pack(...)\n"
	"  for i = 1, t.n do t[i] = tostring(t[i]) end\n"
	"  return table.concat(t, ' ', 1, t.n)\n"
	"end\n";

/* The error message at idx, or a description of a non-string error object. */
static const char *msg_at(lua_State *L, int idx)
{
	const char *m = lua_tostring(L, idx);
	return m ? m : lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, idx));
}

lua_State *lt_state_at(const char *file, int line)
{
	lua_State *L = luaL_newstate();
	if (!L) {
		utap_fail(file, line, "luaL_newstate() failed");
		return NULL;
	}
	luaL_openlibs(L);
	if (luaL_loadbuffer(L, prelude, sizeof(prelude) - 1, "=prelude") != LUA_OK ||
	    lua_pcall(L, 0, 0, 0) != LUA_OK) {
		utap_fail(file, line, "prelude: %s", msg_at(L, -1));
		lua_close(L);
		return NULL;
	}
	return L;
}

int lt_run(lua_State *L, const char *code)
{
	int status = luaL_loadbuffer(L, code, strlen(code), code);
	if (status == LUA_OK)
		status = lua_pcall(L, 0, LUA_MULTRET, 0);
	return status;
}

/*
 * Runs code for one result of type want_type. Returns true with the result
 * on the stack, or false (reported) with the stack as before.
 */
static bool run_one(const char *file, int line, lua_State *L, const char *code, int want_type)
{
	int top = lua_gettop(L);
	int status = lt_run(L, code);
	if (status != LUA_OK) {
		utap_fail(file, line, "chunk [%s] failed (status %d): %s", code, status,
			  msg_at(L, -1));
	} else if (lua_gettop(L) == top) {
		utap_fail(file, line, "chunk [%s] returned nothing", code);
	} else if (lua_type(L, top + 1) != want_type) {
		utap_fail(file, line, "chunk [%s] returned a %s (%s), not a %s", code,
			  luaL_typename(L, top + 1), luaL_tolstring(L, top + 1, NULL),
			  lua_typename(L, want_type));
	} else {
		lua_settop(L, top + 1);
		return true;
	}
	lua_settop(L, top);
	return false;
}

bool lt_expect_str(const char *file, int line, lua_State *L, const char *code, const char *want)
{
	if (!run_one(file, line, L, code, LUA_TSTRING))
		return false;
	const char *got = lua_tostring(L, -1);
	bool ok = strcmp(got, want) == 0;
	if (!ok)
		utap_fail(file, line, "chunk [%s]: got \"%.300s\"%s, want \"%s\"", code, got,
			  strlen(got) > 300 ? "..." : "", want);
	lua_pop(L, 1);
	return ok;
}

bool lt_expect_int(const char *file, int line, lua_State *L, const char *code, lua_Integer want)
{
	if (!run_one(file, line, L, code, LUA_TNUMBER))
		return false;
	bool ok = false;
	if (!lua_isinteger(L, -1))
		utap_fail(file, line, "chunk [%s]: got the float %.17g, want the integer %lld", code,
			  (double)lua_tonumber(L, -1), (long long)want);
	else if (lua_tointeger(L, -1) != want)
		utap_fail(file, line, "chunk [%s]: got %lld, want %lld", code,
			  (long long)lua_tointeger(L, -1), (long long)want);
	else
		ok = true;
	lua_pop(L, 1);
	return ok;
}

bool lt_expect_num(const char *file, int line, lua_State *L, const char *code, lua_Number want)
{
	if (!run_one(file, line, L, code, LUA_TNUMBER))
		return false;
	bool ok = false;
	if (lua_isinteger(L, -1))
		utap_fail(file, line, "chunk [%s]: got the integer %lld, want the float %.17g", code,
			  (long long)lua_tointeger(L, -1), (double)want);
	else if (lua_tonumber(L, -1) != want)
		utap_fail(file, line, "chunk [%s]: got %.17g, want %.17g", code,
			  (double)lua_tonumber(L, -1), (double)want);
	else
		ok = true;
	lua_pop(L, 1);
	return ok;
}

bool lt_expect_err(const char *file, int line, lua_State *L, const char *code, int status,
		   const char *want)
{
	int top = lua_gettop(L);
	int got = lt_run(L, code);
	bool ok = false;
	if (got == LUA_OK) {
		utap_fail(file, line, "chunk [%s] succeeded, want status %d \"%s\"", code, status,
			  want);
	} else {
		const char *msg = msg_at(L, -1);
		if (got != status || strcmp(msg, want) != 0)
			utap_fail(file, line, "chunk [%s]: got status %d \"%s\", want %d \"%s\"",
				  code, got, msg, status, want);
		else
			ok = true;
	}
	lua_settop(L, top);
	return ok;
}
