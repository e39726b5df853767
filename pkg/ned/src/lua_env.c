/* L4.Env: ned's initial capabilities (the unnamed ones of its
 * environment and every named one moe gave it), each with rights RWS as
 * in L4Re. Asking for a name ned does not have is an error that says so
 * (use rawget(L4.Env, name) to test for an optional capability). */
#include "ned.h"

#include <l4/re/env.h>
#include <l4/sys/factory.h>

static void add(lua_State *L, const char *name, l4_cap_idx_t cap, long proto)
{
	if (l4_is_invalid_cap(cap))
		return;
	ned_cap_push(L, cap, L4_CAP_FPAGE_RWS, proto);
	lua_setfield(L, -2, name);
}

/* Lists the names in the table at idx, sorted, as one string. */
static void push_names(lua_State *L, int idx)
{
	lua_getglobal(L, "table");
	lua_getfield(L, -1, "sort");
	lua_getfield(L, -2, "concat");
	lua_remove(L, -3);
	lua_newtable(L);
	int n = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) == LUA_TSTRING) {
			lua_pushvalue(L, -1);
			lua_rawseti(L, -3, ++n);
		}
	}
	lua_pushvalue(L, -3); /* sort */
	lua_pushvalue(L, -2);
	lua_call(L, 1, 0);
	lua_pushliteral(L, ", ");
	lua_call(L, 2, 1); /* concat(list, ", ") */
	lua_remove(L, -2);
}

static int env_index(lua_State *L)
{
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0;
	push_names(L, 1);
	return ned_error(L, "L4.Env has no capability '%s' (ned has: %s)", lua_tostring(L, 2),
			 lua_tostring(L, -1));
}

void ned_env_open(lua_State *L)
{
	const l4re_env_t *e = l4re_env();
	lua_newtable(L);
	add(L, "parent", e->parent, 0);
	add(L, "mem_alloc", e->mem_alloc, L4_PROTO_FACTORY);
	add(L, "rm", e->rm, 0);
	add(L, "log", e->log, 0);
	add(L, "factory", e->factory, L4_PROTO_FACTORY);
	add(L, "scheduler", e->scheduler, 0);
	for (const l4re_env_cap_entry_t *c = e->caps; c && c->flags != ~0UL; c++) {
		char name[sizeof(c->name) + 1];
		__builtin_memcpy(name, c->name, sizeof(c->name));
		name[sizeof(c->name)] = 0;
		add(L, name, c->cap, 0);
	}
	lua_newtable(L);
	lua_pushcfunction(L, env_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, NED_ENV_KEY);
	lua_setfield(L, -2, "Env");
}
