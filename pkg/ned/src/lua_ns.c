/* Namespace capabilities: ns:query(name [, rights]) (alias q) returns a
 * function that looks the name up when called (so that a program's caps
 * table can name an entry a server registers later); ns:__register(name,
 * value) registers a capability with its rights, reserves the name for a
 * string, and removes the entry for nil. The register/r wrappers that
 * take functions and tables are in ned.lua. */
#include "ned.h"

#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/protocols.h>

/* The query closure: upvalues namespace, name, rights. Returns the
 * capability, or nil when the name does not exist. */
static int ns_lookup(lua_State *L)
{
	struct ned_cap *ns = ned_cap_check(L, lua_upvalueindex(1));
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	lua_Integer rights = lua_tointeger(L, lua_upvalueindex(3));
	l4_cap_idx_t obj = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(obj))
		return ned_error(L, "query: out of capability slots");
	long r = l4re_ns_query_srv(ns->cap, name, obj);
	if (r < 0) {
		l4re_util_cap_free(obj);
		if (r == -L4_ENOENT) {
			lua_pushnil(L);
			return 1;
		}
		lua_pushfstring(L, "query '%s'", name);
		return ned_error_code(L, r, lua_tostring(L, -1));
	}
	ned_cap_push(L, obj, (unsigned)rights, 0);
	return 1;
}

static int ns_query(lua_State *L)
{
	ned_cap_check(L, 1);
	luaL_checkstring(L, 2);
	if (lua_gettop(L) < 3 || lua_isnil(L, 3)) {
		lua_settop(L, 2);
		lua_pushinteger(L, L4_CAP_FPAGE_R);
	} else {
		luaL_checkinteger(L, 3);
		lua_settop(L, 3);
	}
	lua_pushcclosure(L, ns_lookup, 3);
	return 1;
}

static int ns_register(lua_State *L)
{
	struct ned_cap *ns = ned_cap_check(L, 1);
	const char *key = luaL_checkstring(L, 2);
	long r;
	switch (lua_type(L, 3)) {
	case LUA_TNONE:
	case LUA_TNIL:
		r = l4re_ns_unlink_srv(ns->cap, key);
		if (r == -L4_ENOENT)
			r = 0;
		break;
	case LUA_TSTRING: /* a placeholder: queries wait until it is filled */
		r = l4re_ns_register_obj_srv(ns->cap, key, L4_INVALID_CAP,
					     L4RE_NS_REGISTER_RO | L4RE_NS_REGISTER_OVERWRITE);
		break;
	default: {
		struct ned_cap *c = ned_cap_test(L, 3);
		if (!c)
			return ned_error(L, "register '%s': capability, string or nil expected, got %s",
					 key, luaL_typename(L, 3));
		r = l4re_ns_register_obj_srv(ns->cap, key, c->cap,
					     (c->rights & L4_CAP_FPAGE_RWS) | L4RE_NS_REGISTER_OVERWRITE);
	}
	}
	if (r < 0) {
		lua_pushfstring(L, "register '%s'", key);
		return ned_error_code(L, r, lua_tostring(L, -1));
	}
	return 0;
}

static const luaL_Reg ns_methods[] = {
	{ "query", ns_query },
	{ "q", ns_query },
	{ "__register", ns_register },
	{ NULL, NULL },
};

void ned_ns_open(lua_State *L)
{
	ned_cap_add_class(L, "L4Re::Namespace", L4RE_PROTO_NAMESPACE, "namespace", ns_methods);
}
