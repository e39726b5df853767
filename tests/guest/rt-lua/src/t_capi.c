/* rt-lua: the C API: C functions and closures, userdata with metatables,
 * registry references, coroutines driven from C, hooks, the C stack (and a
 * state in a second thread). */
#include "lt.h"
#include <lauxlib.h>
#include <lualib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <utap.h>

static int c_add(lua_State *L)
{
	lua_Integer a = luaL_checkinteger(L, 1), b = luaL_checkinteger(L, 2);
	const char *what = luaL_optstring(L, 3, "sum");
	lua_pushinteger(L, a + b);
	lua_pushstring(L, what);
	return 2;
}

/* A closure counting its calls in its upvalue. */
static int c_count(lua_State *L)
{
	lua_Integer n = lua_tointeger(L, lua_upvalueindex(1)) + 1;
	lua_pushinteger(L, n);
	lua_copy(L, -1, lua_upvalueindex(1));
	return 1;
}

UTEST(capi_functions)
{
	lua_State *L = lt_state();
	UASSERT(L);
	lua_register(L, "cadd", c_add);
	lua_pushinteger(L, 100);
	lua_pushcclosure(L, c_count, 1);
	lua_setglobal(L, "ccount");
	LT_STR(L, "return cat(cadd(2, 40))", "42 sum");
	LT_STR(L, "return cat(cadd(2, '3', 'total'))", "5 total");
	LT_ERR(L, "return cadd(1, 'x')", LUA_ERRRUN,
	       "[string \"return cadd(1, 'x')\"]:1: bad argument #2 to 'cadd' (number expected, got string)");
	LT_ERR(L, "return cadd(1.5, 1)", LUA_ERRRUN,
	       "[string \"return cadd(1.5, 1)\"]:1: bad argument #1 to 'cadd' (number has no integer representation)");
	LT_STR(L, "return cat(ccount(), ccount(), ccount())", "101 102 103");
	/* Calling Lua from C: a global function with arguments and results. */
	UASSERT_EQ(lt_run(L, "function mul(a, b) return a * b, 'ok' end"), LUA_OK);
	lua_getglobal(L, "mul");
	lua_pushinteger(L, 6);
	lua_pushnumber(L, 2.5);
	UASSERT_EQ(lua_pcall(L, 2, 2, 0), LUA_OK);
	UCHECK(lua_tonumber(L, -2) == 15.0);
	UCHECK_STREQ(lua_tostring(L, -1), "ok");
	lua_pop(L, 2);
	/* Registry references keep a value alive and retrievable. */
	UASSERT_EQ(lt_run(L, "return function(s) return s .. '!' end"), LUA_OK);
	int ref = luaL_ref(L, LUA_REGISTRYINDEX);
	UCHECK_NE(ref, LUA_REFNIL);
	lua_gc(L, LUA_GCCOLLECT);
	UCHECK_EQ(lua_rawgeti(L, LUA_REGISTRYINDEX, ref), LUA_TFUNCTION);
	lua_pushstring(L, "hey");
	UASSERT_EQ(lua_pcall(L, 1, 1, 0), LUA_OK);
	UCHECK_STREQ(lua_tostring(L, -1), "hey!");
	lua_pop(L, 1);
	luaL_unref(L, LUA_REGISTRYINDEX, ref);
	UCHECK_EQ(lua_gettop(L), 0);
	lua_close(L);
}

/* A userdata type: an accumulator with methods, __tostring and __gc. */
#define ACC "rt.Acc"
static int acc_collected;

static int acc_new(lua_State *L)
{
	lua_Number start = luaL_optnumber(L, 1, 0);
	lua_Number *v = lua_newuserdatauv(L, sizeof(*v), 0);
	*v = start;
	luaL_setmetatable(L, ACC);
	return 1;
}

static int acc_add(lua_State *L)
{
	lua_Number *v = luaL_checkudata(L, 1, ACC);
	*v += luaL_checknumber(L, 2);
	lua_settop(L, 1);
	return 1; /* the accumulator itself: calls chain */
}

static int acc_get(lua_State *L)
{
	lua_pushnumber(L, *(lua_Number *)luaL_checkudata(L, 1, ACC));
	return 1;
}

static int acc_tostring(lua_State *L)
{
	lua_pushfstring(L, "Acc(%f)", *(lua_Number *)luaL_checkudata(L, 1, ACC));
	return 1;
}

static int acc_gc(lua_State *L)
{
	(void)L;
	acc_collected++;
	return 0;
}

static const luaL_Reg acc_methods[] = {
	{ "add", acc_add }, { "get", acc_get }, { "__tostring", acc_tostring },
	{ "__gc", acc_gc }, { NULL, NULL },
};

UTEST(capi_userdata)
{
	lua_State *L = lt_state();
	UASSERT(L);
	luaL_newmetatable(L, ACC);
	luaL_setfuncs(L, acc_methods, 0);
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
	lua_register(L, "Acc", acc_new);
	LT_NUM(L, "return Acc(1):add(2):add(0.5):get()", 3.5);
	LT_STR(L, "return tostring(Acc(2))", "Acc(2.0)");
	LT_STR(L, "return cat(type(Acc()), getmetatable(Acc()).__name)", "userdata " ACC);
	LT_ERR(L, "return Acc().add({}, 1)", LUA_ERRRUN,
	       "[string \"return Acc().add({}, 1)\"]:1: bad argument #1 to 'add' (" ACC " expected, got table)");
	acc_collected = 0;
	LT_STR(L, "for i = 1, 50 do Acc(i) end collectgarbage() collectgarbage() return 'made'", "made");
	UCHECK_GE(acc_collected, 50);
	lua_close(L);
}

/* A coroutine driven from C: lua_resume gets the yielded values, the
 * next resume passes values in. */
UTEST(capi_resume)
{
	lua_State *L = lt_state();
	UASSERT(L);
	lua_State *co = lua_newthread(L);
	UASSERT(co);
	const char fn[] = "return function(a) local b = coroutine.yield(a * 2, 'y') return a + b end";
	UASSERT_EQ(luaL_loadstring(co, fn), LUA_OK);
	UASSERT_EQ(lua_pcall(co, 0, 1, 0), LUA_OK);
	lua_pushinteger(co, 5);
	int nres = 0;
	UASSERT_EQ(lua_resume(co, L, 1, &nres), LUA_YIELD);
	UASSERT_EQ(nres, 2);
	UCHECK_EQ(lua_tointeger(co, -2), 10);
	UCHECK_STREQ(lua_tostring(co, -1), "y");
	lua_pop(co, nres);
	lua_pushinteger(co, 7);
	UASSERT_EQ(lua_resume(co, L, 1, &nres), LUA_OK);
	UASSERT_EQ(nres, 1);
	UCHECK_EQ(lua_tointeger(co, -1), 12);
	UCHECK_EQ(lua_status(co), LUA_OK);
	lua_close(L);
}

/* Hooks stop a runaway loop: from Lua (debug.sethook) and from C. */
static void stop_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	lua_pushliteral(L, "stopped by the C hook");
	lua_error(L);
}

UTEST(capi_hooks)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L,
	       "debug.sethook(function() error('too long', 0) end, '', 100000)\n"
	       "local ok, e = pcall(function() while true do end end)\n"
	       "debug.sethook()\n"
	       "return cat(ok, e)",
	       "false too long");
	lua_sethook(L, stop_hook, LUA_MASKCOUNT, 100000);
	LT_ERR(L, "local n = 0 while true do n = n + 1 end", LUA_ERRRUN, "stopped by the C hook");
	lua_sethook(L, NULL, 0, 0);
	LT_STR(L, "local lines = {}\n"
		  "debug.sethook(function(_, l) lines[#lines + 1] = l end, 'l')\n"
		  "local x = 1\n"
		  "x = x + 1\n"
		  "debug.sethook()\n"
		  "return table.concat(lines, ',')",
	       "3,4,5");
	lua_close(L);
}

/* How deep the C stack is at the caller, measured from the thread's start. */
static uintptr_t stack_base;

static int c_stack_use(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)(stack_base - (uintptr_t)__builtin_frame_address(0)));
	return 1;
}

/* Runaway recursions through C, each run until Lua stops it: they return
 * pcall's results and set depth and deepest (bytes of stack, via stack_use). */
static const struct c_stack_case {
	const char *what, *code;
} c_stack_cases[] = {
	{ "string.gsub",
	  "local function f(s)\n"
	  "  depth = depth + 1 deepest = math.max(deepest, stack_use())\n"
	  "  return (string.gsub(s, '.', f))\n"
	  "end\n"
	  "return pcall(f, 'x')" },
	{ "__index",
	  "local t = setmetatable({}, {__index = function(t, k)\n"
	  "  depth = depth + 1 deepest = math.max(deepest, stack_use())\n"
	  "  return t[k]\n"
	  "end})\n"
	  "return pcall(function() return t.x end)" },
	{ "pcall",
	  "local function f()\n"
	  "  depth = depth + 1 deepest = math.max(deepest, stack_use())\n"
	  "  local ok, e = pcall(f) error(e, 0)\n"
	  "end\n"
	  "return pcall(f)" },
	{ "parser",
	  "return load('return ' .. ('('):rep(300) .. '1' .. (')'):rep(300))" },
};
#define C_STACK_CASES (sizeof(c_stack_cases) / sizeof(c_stack_cases[0]))

struct c_stack_run {
	int status;                /* of lt_run */
	bool ok;                   /* pcall's (load's) first result */
	char msg[128];             /* its message */
	lua_Integer depth, deepest;
};

/* Runs every case in a fresh state of its own. */
static void *c_stack_thread(void *arg)
{
	struct c_stack_run *runs = arg;
	stack_base = (uintptr_t)__builtin_frame_address(0);
	for (unsigned i = 0; i < C_STACK_CASES; i++) {
		struct c_stack_run *r = &runs[i];
		lua_State *L = luaL_newstate();
		if (!L)
			return NULL;
		luaL_openlibs(L);
		lua_register(L, "stack_use", c_stack_use);
		lua_pushinteger(L, 0);
		lua_setglobal(L, "depth");
		lua_pushinteger(L, 0);
		lua_setglobal(L, "deepest");
		lua_settop(L, 0);
		r->status = lt_run(L, c_stack_cases[i].code);
		if (r->status == LUA_OK && lua_gettop(L) == 2) {
			r->ok = lua_toboolean(L, 1);
			snprintf(r->msg, sizeof(r->msg), "%s", lua_tostring(L, 2));
			lua_getglobal(L, "depth");
			lua_getglobal(L, "deepest");
			r->depth = lua_tointeger(L, -2);
			r->deepest = lua_tointeger(L, -1);
		}
		lua_close(L);
	}
	return NULL;
}

/*
 * Runaway recursion through C (gsub calling back, an __index function
 * indexing again, pcall in pcall, deeply nested expressions) ends with Lua's
 * "C stack overflow" error (LUAI_MAXCCALLS, 200 levels) before the thread's
 * stack runs out -- given a stack large enough for 200 levels, which the
 * main thread's 64 KiB are not (string.gsub needs about 2 KiB a level); so
 * this runs on a thread with 1 MiB. The notes say how much Lua used. Also
 * shows Lua states in a second thread.
 */
UTEST(capi_c_stack)
{
	struct c_stack_run r[C_STACK_CASES];
	pthread_attr_t a;
	pthread_t t;
	memset(r, 0, sizeof(r));
	for (unsigned i = 0; i < C_STACK_CASES; i++)
		r[i].status = -1;
	UASSERT_EQ(pthread_attr_init(&a), 0);
	UASSERT_EQ(pthread_attr_setstacksize(&a, 1u << 20), 0);
	UASSERT_EQ(pthread_create(&t, &a, c_stack_thread, r), 0);
	UASSERT_EQ(pthread_join(t, NULL), 0);
	pthread_attr_destroy(&a);
	for (unsigned i = 0; i < C_STACK_CASES; i++) {
		const char *what = c_stack_cases[i].what;
		if (r[i].status != LUA_OK || r[i].ok || !strstr(r[i].msg, "C stack overflow"))
			utap_fail(__FILE__, __LINE__, "%s: status %d, ok %d, message \"%s\"", what,
				  r[i].status, r[i].ok, r[i].msg);
		else if (r[i].depth > 0)
			utap_note("%s: C stack overflow after %lld levels, %lld bytes of stack", what,
				  (long long)r[i].depth, (long long)r[i].deepest);
	}
}
