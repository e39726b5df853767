/* Factory capabilities: fab:create(proto, args...) sends the factory
 * protocol's create request (L4_PROTO_FACTORY, <l4/sys/factory.h>) with the
 * arguments as typed varargs: integers as signed words, strings, nil. It
 * blocks until the factory (the kernel, moe, or any server) answers; a
 * refusal is raised as L4Re's error table { msg, code }. */
#include "ned.h"

#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>

/* Appends argument i (a Lua value) to the request; 0 if it did not fit. */
static int add_arg(lua_State *L, int i, l4_msgtag_t *t, l4_utcb_t *u)
{
	switch (lua_type(L, i)) {
	case LUA_TNIL:
		return l4_factory_create_add_nil_u(t, u);
	case LUA_TNUMBER:
		if (!lua_isinteger(L, i))
			return ned_error(L, "create: argument %d (%s) is not an integer", i - 2,
					 lua_tostring(L, i));
		return l4_factory_create_add_int_u((l4_mword_t)lua_tointeger(L, i), t, u);
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, i, &len);
		if (len > 0xfffe)
			return ned_error(L, "create: argument %d: string too long", i - 2);
		/* With its NUL, as L4Re's Varg of a C string. */
		return l4_factory_create_add_lstr_u(s, (unsigned)len + 1, t, u);
	}
	default:
		return ned_error(L, "create: argument %d: integer, string or nil expected, got %s",
				 i - 2, luaL_typename(L, i));
	}
}

static int fab_create(lua_State *L)
{
	struct ned_cap *fab = ned_cap_check(L, 1);
	lua_Integer proto = luaL_checkinteger(L, 2);
	int argc = lua_gettop(L);
	/* Check every argument before anything is allocated. */
	for (int i = 3; i <= argc; i++)
		if (!lua_isnil(L, i) && !lua_isinteger(L, i) && lua_type(L, i) != LUA_TSTRING)
			add_arg(L, i, 0, 0); /* raises */
	l4_cap_idx_t obj = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(obj))
		return ned_error(L, "create: out of capability slots");
	l4_utcb_t *u = l4_utcb();
	l4_msgtag_t t = l4_factory_create_start_u((long)proto, obj, u);
	for (int i = 3; i <= argc; i++)
		if (!add_arg(L, i, &t, u)) {
			l4re_util_cap_free(obj);
			return ned_error(L, "create: too many arguments for one message");
		}
	long r = l4_error_u(l4_factory_create_commit_u(fab->cap, t, u), u);
	if (r < 0) {
		l4re_util_cap_free(obj);
		/* L4Re's protocols are 0x4000..; the kernel's small and negative. */
		if (proto > 0)
			lua_pushfstring(L, "create(%p)", (void *)(l4_addr_t)proto);
		else
			lua_pushfstring(L, "create(%d)", (int)proto);
		return ned_error_code(L, r, lua_tostring(L, -1));
	}
	ned_cap_push(L, obj, L4_CAP_FPAGE_R, (long)proto);
	return 1;
}

static const luaL_Reg factory_methods[] = {
	{ "create", fab_create },
	{ NULL, NULL },
};

void ned_factory_open(lua_State *L)
{
	ned_cap_add_class(L, "L4::Factory", L4_PROTO_FACTORY, "factory", factory_methods);
}
