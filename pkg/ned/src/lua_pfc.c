/* Platform-control capabilities (the kernel's platform control, also
 * reachable through its ICU): pfc:system_shutdown(reboot) powers the
 * machine off (0) or reboots it (1); pfc:system_suspend(extras) as in
 * L4Re (the Walnut kernel refuses it with "Operation not supported"). */
#include "ned.h"

#include <l4/sys/platform_control.h>

static int pfc_shutdown(lua_State *L)
{
	struct ned_cap *c = ned_cap_check(L, 1);
	lua_Integer reboot = luaL_checkinteger(L, 2);
	long r = l4_error(l4_platform_ctl_system_shutdown(c->cap, (l4_umword_t)reboot));
	if (r < 0)
		return ned_error_code(L, r, "system_shutdown");
	return 0;
}

static int pfc_suspend(lua_State *L)
{
	struct ned_cap *c = ned_cap_check(L, 1);
	lua_Integer extras = luaL_checkinteger(L, 2);
	long r = l4_error(l4_platform_ctl_system_suspend(c->cap, (l4_umword_t)extras));
	if (r < 0)
		return ned_error_code(L, r, "system_suspend");
	return 0;
}

static const luaL_Reg pfc_methods[] = {
	{ "system_shutdown", pfc_shutdown },
	{ "system_suspend", pfc_suspend },
	{ NULL, NULL },
};

void ned_pfc_open(lua_State *L)
{
	/* Protocol 0 is shared with IPC gates: the class is found by name. */
	ned_cap_add_class(L, "L4::Platform_control", 0, "platform_control", pfc_methods);
}
