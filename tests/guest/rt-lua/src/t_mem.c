/* rt-lua: garbage collection and running out of memory. */
#include "lt.h"
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <utap.h>

/* Many tables: memory grows while they are referenced and drops once they
 * are not; both collector modes; weak tables lose collected entries. */
UTEST(gc_many_tables)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L,
	       "collectgarbage() collectgarbage()\n"
	       "local before = collectgarbage('count')\n"
	       "local keep = {}\n"
	       "for i = 1, 30000 do keep[i] = {i, tostring(i), x = i} end\n"
	       "local peak = collectgarbage('count')\n"
	       "keep = nil\n"
	       "collectgarbage() collectgarbage()\n"
	       "local after = collectgarbage('count')\n"
	       "return cat(peak - before > 2000, after < before + 64, after < peak / 4)",
	       "true true true");
	/* The same in generational mode, then back. */
	LT_STR(L,
	       "local old = collectgarbage('generational')\n"
	       "local before = collectgarbage('count')\n"
	       "for round = 1, 5 do local t = {} for i = 1, 5000 do t[i] = {i} end end\n"
	       "collectgarbage()\n"
	       "local after = collectgarbage('count')\n"
	       "return cat(old, collectgarbage('incremental'), after < before + 256)",
	       "incremental generational true");
	LT_STR(L,
	       "local cache = setmetatable({}, {__mode = 'k'})\n"
	       "local live = {}\n"
	       "cache[live] = 1\n"
	       "for i = 1, 100 do cache[{}] = i end\n"
	       "collectgarbage()\n"
	       "local n = 0 for _ in pairs(cache) do n = n + 1 end\n"
	       "return cat(n, cache[live])",
	       "1 1");
	LT_STR(L,
	       "collectgarbage('stop') local a = collectgarbage('isrunning')\n"
	       "collectgarbage('restart') local b = collectgarbage('isrunning')\n"
	       "return cat(a, b, math.type(collectgarbage('count')), collectgarbage('step', 0) ~= nil)",
	       "false true float true");
	/* lua_gc from C agrees with collectgarbage('count'). */
	int kb = lua_gc(L, LUA_GCCOUNT);
	UCHECK_GT(kb, 0);
	UCHECK_LT(kb, 4096);
	lua_close(L);
}

/* An allocator with a limit, for running out of memory quickly. */
struct mem_limit {
	size_t used, max;
};

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct mem_limit *m = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		m->used -= old;
		return NULL;
	}
	if (nsize > old && m->used + (nsize - old) > m->max)
		return NULL;
	void *p = realloc(ptr, nsize);
	if (p)
		m->used = m->used - old + nsize;
	return p;
}

/* Memory exhaustion is an error pcall catches ("not enough memory"); at the
 * top it is LUA_ERRMEM; the state keeps working afterwards. */
UTEST(gc_out_of_memory)
{
	struct mem_limit m = { 0, 2u << 20 };
	lua_State *L = lua_newstate(limited_alloc, &m);
	UASSERT(L);
	luaL_openlibs(L);
	LT_STR(L,
	       "local t = {}\n"
	       "local ok, e = pcall(function() for i = 1, 1e8 do t[i] = {i} end end)\n"
	       "local n = #t\n"
	       "t = nil collectgarbage()\n"
	       "return tostring(ok) .. ' ' .. e .. ' ' .. tostring(n > 1000)",
	       "false not enough memory true");
	LT_STR(L, "return select(2, pcall(string.rep, 'x', 16 << 20))", "not enough memory");
	LT_ERR(L, "local s = string.rep('ab', 4 << 20)", LUA_ERRMEM, "not enough memory");
	LT_INT(L, "local t = {} for i = 1, 1000 do t[i] = i end return #t", 1000);
	UCHECK_LE(m.used, m.max);
	lua_close(L);
	UCHECK_EQ(m.used, 0);
	/* Too little memory for a state at all. */
	struct mem_limit tiny = { 0, 256 };
	UCHECK(lua_newstate(limited_alloc, &tiny) == NULL);
}

/* A table with room for n array entries made at once (16 bytes each). */
static int big_table(lua_State *L)
{
	lua_createtable(L, (int)luaL_checkinteger(L, 1), 0);
	return 1;
}

/* The default allocator (realloc on libc's heap) fails for a size beyond
 * any machine's memory (16 GiB in one piece), and Lua turns that into the
 * same error; the state goes on. */
UTEST(gc_huge_request)
{
	lua_State *L = lt_state();
	UASSERT(L);
	lua_register(L, "big_table", big_table);
	LT_STR(L, "return select(2, pcall(big_table, 1 << 30))", "not enough memory");
	LT_STR(L, "return select(2, pcall(string.rep, 'x', 1 << 40))", "resulting string too large");
	LT_INT(L, "return #string.rep('x', 1 << 20)", 1 << 20);
	LT_INT(L, "local t = big_table(1000) for i = 1, 1000 do t[i] = i end return #t", 1000);
	lua_close(L);
}
