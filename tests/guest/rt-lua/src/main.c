/* rt-lua: Lua 5.4 on Walnut's C library; runs the tests, then ends
 * through os.exit so that exit's path from Lua is covered too. */
#include "lt.h"
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <utap.h>

/* The scenario expects this line: os.exit ran the atexit handlers. */
static void goodbye(void)
{
	printf("rt-lua: atexit handler ran\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	/* For os_functions: boot programs start with an empty environment. */
	if (setenv("RT_LUA_VAR", "walnut", 1) != 0)
		utap_bail("setenv failed");
	int status = utap_run_all(argc, argv);
	if (atexit(goodbye) != 0)
		utap_bail("atexit failed");
	lua_State *L = luaL_newstate();
	if (!L)
		return 1;
	luaL_openlibs(L);
	lua_pushboolean(L, status == 0);
	lua_setglobal(L, "passed");
	/* os.exit(true/false, true): close the state, then exit(). */
	if (luaL_dostring(L, "os.exit(passed, true)") != LUA_OK)
		printf("rt-lua: os.exit failed: %s\n", lua_tostring(L, -1));
	return 1;
}
