/* Capabilities in Lua: a userdata holding a slot of ned's task and the
 * rights to hand on with it (minimal by default, widened with :m("...")),
 * plus a class of type-specific methods (Factory:create, Namespace:query,
 * ...). The class comes from the protocol the capability was made for, or
 * is found on first use through the meta protocol, as L4Re's ned does.
 *
 * Methods of every capability: is_valid, m/mode/rights, svr/full; classes
 * live in L4._CAP_TYPES under their protocol number, their L4Re C++ name,
 * its mangled form and their meta-protocol name. */
#include "ned.h"

#include <string.h>
#include <l4/sys/ipc.h>
#include <l4/sys/meta.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>

#define TYPES_KEY "L4::Ned::TYPES"
#define SVR_RIGHTS 0xefu /* RWSD and the object attributes 1..3 (L4Re's svr) */
#define META_TIMEOUT_US 30000000ULL /* a server that does not answer in 30 s */

static void push_types(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, TYPES_KEY);
}

struct ned_cap *ned_cap_test(lua_State *L, int idx)
{
	return luaL_testudata(L, idx, NED_CAP_MT);
}

struct ned_cap *ned_cap_check(lua_State *L, int idx)
{
	return luaL_checkudata(L, idx, NED_CAP_MT);
}

/* Pushes a capability object; its class is the table at class_idx
 * (0: none yet). */
static struct ned_cap *push_cap(lua_State *L, l4_cap_idx_t cap, unsigned rights, int class_idx)
{
	if (class_idx)
		class_idx = lua_absindex(L, class_idx);
	struct ned_cap *c = lua_newuserdatauv(L, sizeof(*c), 1);
	c->cap = cap;
	c->rights = (rights | L4_CAP_FPAGE_R) & 0xff;
	luaL_setmetatable(L, NED_CAP_MT);
	if (class_idx) {
		lua_pushvalue(L, class_idx);
		lua_setiuservalue(L, -2, 1);
	}
	return c;
}

struct ned_cap *ned_cap_push(lua_State *L, l4_cap_idx_t cap, unsigned rights, long proto)
{
	push_types(L);
	lua_rawgeti(L, -1, proto);
	int found = proto != 0 && lua_istable(L, -1);
	struct ned_cap *c = push_cap(L, cap, rights, found ? -1 : 0);
	lua_replace(L, -3);
	lua_pop(L, 1);
	return c;
}

/* A copy of the capability at idx with other rights (same class). */
static void push_with_rights(lua_State *L, int idx, unsigned rights)
{
	struct ned_cap *c = ned_cap_check(L, idx);
	if (((rights | L4_CAP_FPAGE_R) & 0xff) == c->rights) {
		lua_pushvalue(L, idx);
		return;
	}
	lua_getiuservalue(L, idx, 1);
	push_cap(L, c->cap, rights, lua_istable(L, -1) ? -1 : 0);
	lua_remove(L, -2);
}

/* cap:m([rights]), :mode, :rights: without an argument the rights (R, W,
 * S, D bits); with a string of r w s d n c (any case) or a number a copy
 * with those rights (R always included). */
static int cap_mode(lua_State *L)
{
	struct ned_cap *c = ned_cap_check(L, 1);
	if (lua_isnoneornil(L, 2)) {
		lua_pushinteger(L, c->rights & L4_CAP_FPAGE_RWSD);
		return 1;
	}
	unsigned rights = L4_CAP_FPAGE_R;
	if (lua_type(L, 2) == LUA_TNUMBER) {
		lua_Integer n = luaL_checkinteger(L, 2);
		if (n < 0 || n > 0xff)
			return ned_error(L, "rights %d out of range (0..0xff)", (int)n);
		rights |= (unsigned)n;
	} else {
		const char *s = luaL_checkstring(L, 2);
		for (const char *p = s; *p; p++) {
			switch (*p | 0x20) {
			case 'r': rights |= L4_CAP_FPAGE_R; break;
			case 'w': rights |= L4_CAP_FPAGE_W; break;
			case 's': rights |= L4_CAP_FPAGE_S; break;
			case 'd': rights |= L4_CAP_FPAGE_D; break;
			case 'n': rights |= L4_FPAGE_C_NO_REF_CNT; break;
			case 'c': rights |= L4_FPAGE_C_OBJ_RIGHT1; break;
			default:
				return ned_error(L, "bad rights character '%c' in \"%s\" "
						 "(allowed: r w s d n c)", *p, s);
			}
		}
	}
	push_with_rights(L, 1, rights);
	return 1;
}

/* cap:svr(), cap:full(): full server rights (RWSD and the attributes
 * that let a server bind an IPC gate). */
static int cap_svr(lua_State *L)
{
	push_with_rights(L, 1, SVR_RIGHTS);
	return 1;
}

/* cap:is_valid(): the slot is valid and holds a capability. */
static int cap_is_valid(lua_State *L)
{
	struct ned_cap *c = ned_cap_check(L, 1);
	lua_pushboolean(L, l4_is_valid_cap(c->cap) &&
			   l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, c->cap)) > 0);
	return 1;
}

static const char *class_name(lua_State *L, int idx)
{
	const char *name = "void";
	lua_getiuservalue(L, idx, 1);
	if (lua_istable(L, -1)) {
		lua_getfield(L, -1, "_CLASS_NAME");
		if (lua_isstring(L, -1))
			name = lua_tostring(L, -1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return name; /* kept alive by the class table */
}

static int cap_tostring(lua_State *L)
{
	struct ned_cap *c = ned_cap_check(L, 1);
	const char *name = class_name(L, 1);
	if (l4_is_valid_cap(c->cap))
		lua_pushfstring(L, "L4::Cap<%s>[%p] r=%p", name, (void *)c->cap,
				(void *)(l4_addr_t)c->rights);
	else
		lua_pushfstring(L, "L4::Cap<%s>::Invalid", name);
	return 1;
}

/* --- the meta protocol, with a timeout ----------------------------------- */

static l4_timeout_t meta_timeout(void)
{
	l4_timeout_s t = l4_timeout_from_us(META_TIMEOUT_US);
	return l4_timeout(t, t);
}

/* Number of interfaces of cap, or < 0. */
static long meta_count(l4_cap_idx_t cap)
{
	l4_utcb_t *u = l4_utcb();
	l4_utcb_mr_u(u)->mr[0] = L4_META_NUM_INTERFACES_OP;
	return l4_error_u(l4_ipc_call(cap, u, l4_msgtag(L4_PROTO_META, 1, 0, 0), meta_timeout()), u);
}

/* Interface idx of cap: protocol and name. */
static long meta_iface(l4_cap_idx_t cap, unsigned idx, long *proto, char *name, unsigned size)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *m = l4_utcb_mr_u(u);
	m->mr[0] = L4_META_INTERFACE_OP;
	m->mr[1] = idx;
	l4_msgtag_t t = l4_ipc_call(cap, u, l4_msgtag(L4_PROTO_META, 2, 0, 0), meta_timeout());
	long r = l4_error_u(t, u);
	if (r < 0 || l4_msgtag_words(t) < 2)
		return r < 0 ? r : -L4_EMSGTOOSHORT;
	*proto = (long)m->mr[0];
	unsigned long len = m->mr[1], room = (l4_msgtag_words(t) - 2) * sizeof(l4_umword_t);
	if (len > room)
		len = room;
	if (len > size - 1)
		len = size - 1;
	memcpy(name, &m->mr[2], len);
	name[len] = 0;
	return 0;
}

/* Pushes the class of the object behind cap as its meta protocol names it
 * (the first interface ned knows), or nothing; returns whether found. */
static int find_class(lua_State *L, l4_cap_idx_t cap)
{
	long n = meta_count(cap);
	push_types(L);
	for (long i = 0; i < n && i < 16; i++) {
		long proto;
		char name[64];
		if (meta_iface(cap, (unsigned)i, &proto, name, sizeof(name)) < 0)
			break;
		if (proto != 0 && lua_rawgeti(L, -1, proto) == LUA_TTABLE) {
			lua_remove(L, -2);
			return 1;
		}
		if (proto != 0)
			lua_pop(L, 1);
		if (lua_getfield(L, -1, name) == LUA_TTABLE) {
			lua_remove(L, -2);
			return 1;
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 0;
}

/* cap.key: a method of every capability, else of its class (found
 * through the meta protocol the first time it is needed). */
static int cap_index(lua_State *L)
{
	struct ned_cap *c = ned_cap_check(L, 1);
	push_types(L);
	lua_getfield(L, -1, "void");
	lua_pushvalue(L, 2);
	if (lua_rawget(L, -2) != LUA_TNIL)
		return 1;
	lua_pop(L, 3);
	if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) {
		lua_pop(L, 1);
		if (!find_class(L, c->cap))
			return 0;
		lua_pushvalue(L, -1);
		lua_setiuservalue(L, 1, 1);
	}
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	return 1;
}

/* --- classes and casts --------------------------------------------------- */

/* L4Re's mangling of a C++ class name ("L4Re::Namespace" ->
 * "N4L4Re9NamespaceE"), the key L4.cast uses for strings. */
static void push_mangled(lua_State *L, const char *name)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addchar(&b, 'N');
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, ": \t");
		if (n) {
			lua_pushfstring(L, "%d", (int)n);
			luaL_addvalue(&b);
			luaL_addlstring(&b, p, n);
		}
		p += n;
		p += strspn(p, ": \t");
	}
	luaL_addchar(&b, 'E');
	luaL_pushresult(&b);
}

void ned_cap_add_class(lua_State *L, const char *name, long proto, const char *meta_name,
		       const luaL_Reg *methods)
{
	push_types(L);
	lua_newtable(L);
	luaL_setfuncs(L, methods, 0);
	lua_pushstring(L, name);
	lua_setfield(L, -2, "_CLASS_NAME");
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, name);
	push_mangled(L, name);
	lua_pushvalue(L, -2);
	lua_rawset(L, -4);
	if (meta_name) {
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, meta_name);
	}
	if (proto != 0) {
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, proto);
	}
	lua_pop(L, 2);
}

/* L4.cast(type, cap): the capability as an object of another class; type
 * is a protocol number or a class name ("L4::Factory", or mangled). nil
 * if no such class. A function as cap is called first (a query). */
static int l4_cast(lua_State *L)
{
	if (lua_gettop(L) != 2)
		return ned_error(L, "L4.cast expects 2 arguments (type and capability), got %d",
				 lua_gettop(L));
	if (lua_isfunction(L, 2)) {
		lua_pushvalue(L, 2);
		lua_call(L, 0, 1);
		lua_replace(L, 2);
	}
	struct ned_cap *c = ned_cap_check(L, 2);
	push_types(L);
	int t = lua_type(L, 1);
	if (t == LUA_TNUMBER)
		lua_rawgeti(L, -1, luaL_checkinteger(L, 1));
	else if (t == LUA_TSTRING && lua_getfield(L, -1, lua_tostring(L, 1)) != LUA_TTABLE) {
		lua_pop(L, 1);
		push_mangled(L, lua_tostring(L, 1));
		lua_rawget(L, -2);
	} else if (t != LUA_TSTRING)
		lua_pushnil(L);
	if (!lua_istable(L, -1)) {
		lua_pushnil(L);
		return 1;
	}
	push_cap(L, c->cap, c->rights, -1);
	return 1;
}

static const luaL_Reg void_methods[] = {
	{ "is_valid", cap_is_valid },
	{ "svr", cap_svr },
	{ "full", cap_svr },
	{ "rights", cap_mode },
	{ "mode", cap_mode },
	{ "m", cap_mode },
	{ NULL, NULL },
};

void ned_cap_open(lua_State *L)
{
	luaL_newmetatable(L, NED_CAP_MT);
	lua_pushcfunction(L, cap_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, cap_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);

	lua_newtable(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, TYPES_KEY);
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, "_CAP_TYPES");
	lua_newtable(L);
	luaL_setfuncs(L, void_methods, 0);
	lua_pushliteral(L, "void");
	lua_setfield(L, -2, "_CLASS_NAME");
	lua_setfield(L, -2, "void");
	lua_pop(L, 1);

	lua_pushcfunction(L, l4_cast);
	lua_setfield(L, -2, "cast");
	lua_pushcfunction(L, l4_cast);
	lua_setfield(L, -2, "__cast");
}
