/* rt-lua: the language itself: numbers, closures, metatables, errors. */
#include "lt.h"
#include <lauxlib.h>
#include <utap.h>

/* Integer and float arithmetic: / is always float, // floors, integers wrap. */
UTEST(lang_arith)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_INT(L, "return 7 // 2", 3);
	LT_NUM(L, "return 7 / 2", 3.5);
	LT_NUM(L, "return 6 / 2", 3.0);
	LT_INT(L, "return -7 // 2", -4);
	LT_NUM(L, "return 7.0 // 2", 3.0);
	LT_INT(L, "return 7 % -3", -2);
	LT_NUM(L, "return -7.5 % 2", 0.5);
	LT_INT(L, "return 2^10 == 1024 and 1 or 0", 1);
	LT_STR(L, "return math.type(2^10)", "float");
	LT_INT(L, "return 3 | 5", 7);
	LT_INT(L, "return 0xF0 ~ 0xFF", 0x0F);
	LT_INT(L, "return 1 << 62", (lua_Integer)1 << 62);
	LT_INT(L, "return -1 >> 60", 15);
	/* Integer overflow wraps around (two's complement). */
	LT_STR(L, "return cat(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)",
	       "true true");
	LT_INT(L, "return math.maxinteger * 2", -2);
	LT_INT(L, "return math.mininteger // -1", LUA_MININTEGER);
	LT_INT(L, "return 1 << 63", LUA_MININTEGER);
	LT_STR(L, "return cat(1 / 0, -1 / 0, 0/0 ~= 0/0, 1.0 // 0)", "inf -inf true inf");
	LT_ERR(L, "return 1 // 0", LUA_ERRRUN,
	       "[string \"return 1 // 0\"]:1: attempt to divide by zero");
	LT_ERR(L, "return 1 % 0", LUA_ERRRUN,
	       "[string \"return 1 % 0\"]:1: attempt to perform 'n%0'");
	/* Strings convert to numbers in arithmetic, numbers to strings in '..'. */
	LT_INT(L, "return '10' + 1", 11);
	LT_NUM(L, "return '0x10' * 1.5", 24.0);
	LT_STR(L, "return 1 .. '' .. 2.0", "12.0");
	LT_STR(L, "return cat(tostring(1e15), tostring(1e16), 0.1, -0.0, 2^63, 100 // 1.0)",
	       "1e+15 1e+16 0.1 -0.0 9.2233720368548e+18 100.0");
	LT_STR(L, "return cat(tonumber('0x1p4'), tonumber(' 12 '), tonumber('z', 36), tonumber('1e2'), tonumber('8x'))",
	       "16.0 12 35 100.0 nil");
	LT_STR(L, "return cat(math.tointeger(3.0), math.tointeger(3.5), 3 == 3.0, math.ult(1, -1))",
	       "3 nil true true");
	/* A numeric for loop up to maxinteger ends instead of wrapping. */
	LT_INT(L, "local n = 0 for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end return n", 3);
	lua_close(L);
}

/* Closures share their upvalues; goto and varargs work. */
UTEST(lang_closures)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L,
	       "local function counter()\n"
	       "  local n = 0\n"
	       "  return function() n = n + 1 return n end, function() return n end\n"
	       "end\n"
	       "local inc, get = counter()\n"
	       "local inc2 = counter()\n"
	       "inc() inc() inc2()\n"
	       "return cat(get(), inc2(), inc())",
	       "2 2 3");
	LT_STR(L,
	       "local fs = {}\n"
	       "for i = 1, 3 do fs[i] = function() return i * 10 end end\n"
	       "return cat(fs[1](), fs[2](), fs[3]())",
	       "10 20 30");
	LT_STR(L,
	       "local function f(...) return select('#', ...), ... end\n"
	       "return cat(f(nil, 2, nil))",
	       "3 nil 2 nil");
	LT_INT(L,
	       "local i, s = 1, 0\n"
	       "::top:: s = s + i i = i + 1\n"
	       "if i <= 10 then goto top end\n"
	       "return s",
	       55);
	lua_close(L);
}

/* Metatables: operators, __index/__newindex, __call, __close, __gc, protection. */
UTEST(lang_metatables)
{
	lua_State *L = lt_state();
	UASSERT(L);
	UASSERT_EQ(lt_run(L,
			  "V = {}\n"
			  "V.__index = V\n"
			  "function V.new(x, y) return setmetatable({x = x, y = y}, V) end\n"
			  "function V.__add(a, b) return V.new(a.x + b.x, a.y + b.y) end\n"
			  "function V.__eq(a, b) return a.x == b.x and a.y == b.y end\n"
			  "function V.__lt(a, b) return a:len2() < b:len2() end\n"
			  "function V.__le(a, b) return a:len2() <= b:len2() end\n"
			  "function V.__tostring(v) return '(' .. v.x .. ',' .. v.y .. ')' end\n"
			  "function V.__len(v) return 2 end\n"
			  "function V.__concat(a, b) return tostring(a) .. tostring(b) end\n"
			  "function V.__call(v, k) return v[k] end\n"
			  "function V:len2() return self.x * self.x + self.y * self.y end\n"),
		   LUA_OK);
	LT_STR(L, "return tostring(V.new(1, 2) + V.new(3, 4))", "(4,6)");
	LT_STR(L, "return cat(V.new(1, 2) == V.new(1, 2), V.new(1, 2) ~= V.new(2, 1), rawequal(V.new(1, 1), V.new(1, 1)))",
	       "true true false");
	LT_STR(L, "return cat(V.new(1, 1) < V.new(2, 0), V.new(3, 0) <= V.new(0, 3), #V.new(0, 0))",
	       "true true 2");
	LT_STR(L, "return V.new(1, 2) .. V.new(3, 4)", "(1,2)(3,4)");
	LT_INT(L, "return V.new(5, 6)('y')", 6);
	LT_INT(L, "return V.new(3, 4):len2()", 25);
	/* __index and __newindex as functions: a table with defaults and a log. */
	LT_STR(L,
	       "local log = {}\n"
	       "local t = setmetatable({}, {\n"
	       "  __index = function(_, k) return k .. '?' end,\n"
	       "  __newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})\n"
	       "t.a = 1 t.a = 2 t.b = 3\n"
	       "return cat(t.a, t.zz, table.concat(log, ','))",
	       "2 zz? a,b");
	/* To-be-closed variables are closed in reverse order, also on errors. */
	LT_STR(L,
	       "local log = {}\n"
	       "local function closer(name)\n"
	       "  return setmetatable({}, {__close = function(_, err) log[#log + 1] = name .. ':' .. tostring(err) end})\n"
	       "end\n"
	       "do local a <close> = closer('a') local b <close> = closer('b') end\n"
	       "pcall(function() local c <close> = closer('c') error('x', 0) end)\n"
	       "return table.concat(log, ' ')",
	       "b:nil a:nil c:x");
	/* __gc runs when the collector frees the object. */
	LT_STR(L,
	       "local log = {}\n"
	       "do setmetatable({}, {__gc = function() log[#log + 1] = 'gc' end}) end\n"
	       "collectgarbage() collectgarbage()\n"
	       "return table.concat(log)",
	       "gc");
	/* Called through pcall (a C function) the message has no position. */
	LT_STR(L, "local t = setmetatable({}, {__metatable = 1}) return select(2, pcall(setmetatable, t, {}))",
	       "cannot change a protected metatable");
	LT_STR(L, "return getmetatable(setmetatable({}, {__metatable = 'locked'}))", "locked");
	LT_STR(L, "return getmetatable('').__index == string and 'string' or 'other'", "string");
	lua_close(L);
}

/* error/pcall: messages name the chunk and line; levels; error objects. */
UTEST(lang_errors)
{
	lua_State *L = lt_state();
	UASSERT(L);
	/* Chunk names: text chunks appear as [string "..."], '=' names as given. */
	const char code[] = "local x = 1\nlocal y = 2\nerror('boom')\n";
	UASSERT_EQ(luaL_loadbuffer(L, code, sizeof(code) - 1, "my chunk"), LUA_OK);
	UCHECK_EQ(lua_pcall(L, 0, 0, 0), LUA_ERRRUN);
	UCHECK_STREQ(lua_tostring(L, -1), "[string \"my chunk\"]:3: boom");
	lua_pop(L, 1);
	UASSERT_EQ(luaL_loadbuffer(L, code, sizeof(code) - 1, "=cfg"), LUA_OK);
	UCHECK_EQ(lua_pcall(L, 0, 0, 0), LUA_ERRRUN);
	UCHECK_STREQ(lua_tostring(L, -1), "cfg:3: boom");
	lua_pop(L, 1);
	/* A chunk named after its text shows the first line, cut with "...". */
	LT_ERR(L, "local t = nil\nreturn t.field", LUA_ERRRUN,
	       "[string \"local t = nil...\"]:2: attempt to index a nil value (local 't')");
	LT_ERR(L, "return undefined_global.x", LUA_ERRRUN,
	       "[string \"return undefined_global.x\"]:1: attempt to index a nil value (global 'undefined_global')");
	LT_ERR(L, "return 1 + {}", LUA_ERRRUN,
	       "[string \"return 1 + {}\"]:1: attempt to perform arithmetic on a table value");
	LT_ERR(L, "return ('x'):bad()", LUA_ERRRUN,
	       "[string \"return ('x'):bad()\"]:1: attempt to call a nil value (method 'bad')");
	/* Syntax errors are reported by the loader, with the line. */
	LT_ERR(L, "local a = 1\nlocal = 2", LUA_ERRSYNTAX,
	       "[string \"local a = 1...\"]:2: <name> expected near '='");
	LT_ERR(L, "x = 'unfinished", LUA_ERRSYNTAX,
	       "[string \"x = 'unfinished\"]:1: unfinished string near <eof>");
	/* pcall inside Lua: level 1 names the caller's line, level 2 the caller's caller, 0 none. */
	LT_STR(L,
	       "local function f() error('at f') end\n"
	       "local function g() error('at g caller', 2) end\n"
	       "local function h() g() end\n"
	       "local _, a = pcall(f)\n"
	       "local _, b = pcall(h)\n"
	       "local _, c = pcall(error, 'plain', 0)\n"
	       "return a .. '|' .. b .. '|' .. c",
	       "[string \"local function f() error('at f') end...\"]:1: at f|"
	       "[string \"local function f() error('at f') end...\"]:3: at g caller|plain");
	/* Error objects of any type pass through pcall unchanged. */
	LT_STR(L, "local ok, e = pcall(error, {code = 42}) return cat(ok, type(e), e.code)",
	       "false table 42");
	LT_STR(L, "local ok, e = pcall(error) return cat(ok, e)", "false nil");
	/* xpcall with a traceback handler; the debug library works. */
	LT_STR(L,
	       "local ok, tb = xpcall(function() error('deep') end, debug.traceback)\n"
	       "return cat(ok, tb:match('deep') ~= nil, tb:match('stack traceback:') ~= nil)",
	       "false true true");
	LT_STR(L, "local i = debug.getinfo(1, 'Sl') return cat(i.currentline, i.what, i.short_src)",
	       "1 main [string \"local i = debug.getinfo(1, 'Sl') return cat(i...\"]");
	/* assert with and without a message; error in a metamethod. */
	LT_ERR(L, "assert(false, 'custom')", LUA_ERRRUN, "[string \"assert(false, 'custom')\"]:1: custom");
	LT_ERR(L, "assert(nil)", LUA_ERRRUN, "[string \"assert(nil)\"]:1: assertion failed!");
	LT_ERR(L, "local t = setmetatable({}, {__index = function() error('in meta', 0) end}) return t.x",
	       LUA_ERRRUN, "in meta");
	lua_close(L);
}
