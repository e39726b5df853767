/* Errors of the L4 package: messages that name the script and line that
 * called into it, L4Re's error tables { msg, code }, and protected calls
 * that print what went wrong. */
#include "ned.h"

#include <stdarg.h>
#include <string.h>
#include <l4/sys/err.h>

#define ERROR_MT "L4::Error"

void ned_where(lua_State *L)
{
	lua_Debug ar;
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar))
			break;
		if (ar.currentline > 0 && strcmp(ar.source, NED_LUA_CHUNK) != 0) {
			lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
			return;
		}
	}
	lua_pushliteral(L, "");
}

int ned_error(lua_State *L, const char *fmt, ...)
{
	va_list ap;
	ned_where(L);
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_concat(L, 2);
	return lua_error(L);
}

static int error_tostring(lua_State *L)
{
	lua_getfield(L, 1, "msg");
	return 1;
}

int ned_error_code(lua_State *L, long err, const char *what)
{
	lua_createtable(L, 0, 2);
	ned_where(L);
	lua_pushfstring(L, "%s: %s (%d)", what, l4sys_errtostr(err), (int)err);
	lua_concat(L, 2);
	lua_setfield(L, -2, "msg");
	lua_pushinteger(L, err);
	lua_setfield(L, -2, "code");
	if (luaL_newmetatable(L, ERROR_MT)) {
		lua_pushcfunction(L, error_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_setmetatable(L, -2);
	return lua_error(L);
}

const char *ned_error_text(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_istable(L, idx)) {
		lua_getfield(L, idx, "msg");
		if (lua_isstring(L, -1)) {
			lua_replace(L, idx);
			return lua_tostring(L, idx);
		}
		lua_pop(L, 1);
	}
	if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER)
		return lua_tostring(L, idx);
	/* Anything else: what tostring makes of it (__tostring included). */
	luaL_tolstring(L, idx, NULL);
	lua_replace(L, idx);
	return lua_tostring(L, idx);
}

int ned_pcall(lua_State *L, int nargs, int nret)
{
	if (lua_pcall(L, nargs, nret, 0) == LUA_OK)
		return 0;
	ned_msg("error: %s", ned_error_text(L, -1));
	lua_pop(L, 1);
	return -1;
}
