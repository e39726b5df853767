/* L4.Info (the kernel's version, the architecture, the platform, the word
 * size) and L4.sleep(s) / L4.msleep(ms), which pause the script while the
 * programs it started go on running. */
#include "ned.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <l4/re/env.h>
#include <l4/sys/kip.h>

static int kip_str(lua_State *L)
{
	lua_pushstring(L, l4_kip_version_string(l4re_kip()));
	return 1;
}

static int arch(lua_State *L)
{
	const l4_kernel_info_t *k = l4re_kip();
	lua_pushlstring(L, k->arch_name, strnlen(k->arch_name, sizeof(k->arch_name)));
	return 1;
}

static int platform(lua_State *L)
{
	const l4_kernel_info_t *k = l4re_kip();
	lua_pushlstring(L, k->platform_name, strnlen(k->platform_name, sizeof(k->platform_name)));
	return 1;
}

static int mword_bits(lua_State *L)
{
	lua_pushinteger(L, sizeof(l4_umword_t) * 8);
	return 1;
}

/* Sleeps for ms milliseconds (fractions allowed); numbers only. */
static int sleep_ms(lua_State *L, const char *fn, lua_Number ms)
{
	if (!(ms >= 0) || ms > 1e12)
		return ned_error(L, "%s: duration out of range", fn);
	long long us = (long long)(ms * 1000);
	struct timespec t = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
	return 0;
}

static int l4_sleep_s(lua_State *L)
{
	if (lua_type(L, 1) != LUA_TNUMBER)
		return ned_error(L, "L4.sleep: seconds (a number) expected, got %s",
				 luaL_typename(L, 1));
	return sleep_ms(L, "L4.sleep", lua_tonumber(L, 1) * 1000);
}

static int l4_sleep_ms(lua_State *L)
{
	if (lua_type(L, 1) != LUA_TNUMBER)
		return ned_error(L, "L4.msleep: milliseconds (a number) expected, got %s",
				 luaL_typename(L, 1));
	return sleep_ms(L, "L4.msleep", lua_tonumber(L, 1));
}

void ned_info_open(lua_State *L)
{
	lua_newtable(L);
	lua_newtable(L);
	lua_pushcfunction(L, kip_str);
	lua_setfield(L, -2, "str");
	lua_setfield(L, -2, "Kip");
	lua_pushcfunction(L, arch);
	lua_setfield(L, -2, "arch");
	lua_pushcfunction(L, platform);
	lua_setfield(L, -2, "platform");
	lua_pushcfunction(L, mword_bits);
	lua_setfield(L, -2, "mword_bits");
	lua_setfield(L, -2, "Info");
	lua_pushcfunction(L, l4_sleep_s);
	lua_setfield(L, -2, "sleep");
	lua_pushcfunction(L, l4_sleep_ms);
	lua_setfield(L, -2, "msleep");
}
