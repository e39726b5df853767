/* rt-lua: the table, coroutine and math libraries. */
#include "lt.h"
#include <utap.h>

/* table.sort with and without a comparator, insert/remove/concat/move/unpack. */
UTEST(table_sort)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L, "local t = {5, 2, 8, 1, 9, 3} table.sort(t) return table.concat(t, ',')",
	       "1,2,3,5,8,9");
	LT_STR(L, "local t = {'pear', 'Apple', 'fig', 'apple'} table.sort(t) return table.concat(t, ',')",
	       "Apple,apple,fig,pear");
	/* Records by a field, descending, ties broken by name. */
	LT_STR(L,
	       "local t = {{n = 'a', v = 3}, {n = 'b', v = 7}, {n = 'c', v = 3}, {n = 'd', v = 9}}\n"
	       "table.sort(t, function(x, y)\n"
	       "  if x.v ~= y.v then return x.v > y.v end\n"
	       "  return x.n < y.n\n"
	       "end)\n"
	       "local r = {} for i, e in ipairs(t) do r[i] = e.n .. e.v end\n"
	       "return table.concat(r, ' ')",
	       "d9 b7 a3 c3");
	/* Many pseudo-random keys end up in order. */
	LT_STR(L,
	       "math.randomseed(7)\n"
	       "local t = {} for i = 1, 2000 do t[i] = math.random(1, 1000) end\n"
	       "table.sort(t, function(a, b) return a > b end)\n"
	       "for i = 2, #t do if t[i - 1] < t[i] then return 'unsorted at ' .. i end end\n"
	       "return 'sorted ' .. #t",
	       "sorted 2000");
	LT_STR(L, "return select(2, pcall(table.sort, {5, 3, 8, 1, 9, 2, 7, 4, 6, 0}, function(a, b) return true end))",
	       "invalid order function for sorting");
	LT_STR(L, "local t = {1, 'x', 3} return select(2, pcall(table.sort, t))",
	       "attempt to compare string with number");
	LT_STR(L,
	       "local t = {1, 2, 3}\n"
	       "table.insert(t, 4) table.insert(t, 1, 0)\n"
	       "local r = table.remove(t, 2)\n"
	       "return cat(table.concat(t, ','), r, table.remove(t), #t, table.unpack({7, 8, 9}, 2))",
	       "0,2,3,4 1 4 3 8 9");
	LT_STR(L, "return table.concat(table.move({1, 2, 3}, 1, 3, 2, {9}), ',')", "9,1,2,3");
	LT_STR(L, "local t = table.pack(1, nil, 3) return cat(t.n, t[1], t[2], t[3])", "3 1 nil 3");
	LT_STR(L, "local n = 0 for k, v in pairs({a = 1, b = 2, 10, 20}) do n = n + v end return cat(n)",
	       "33");
	lua_close(L);
}

/* Coroutines: values through resume and yield, status, wrap, errors, close. */
UTEST(coroutine_yield_resume)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L,
	       "local co = coroutine.create(function(a, b)\n"
	       "  local c = coroutine.yield(a + b)\n"
	       "  local d, e = coroutine.yield(c * 2)\n"
	       "  return d + e, 'done'\n"
	       "end)\n"
	       "local r = {}\n"
	       "r[#r + 1] = cat(coroutine.resume(co, 1, 2))\n"
	       "r[#r + 1] = coroutine.status(co)\n"
	       "r[#r + 1] = cat(coroutine.resume(co, 10))\n"
	       "r[#r + 1] = cat(coroutine.resume(co, 3, 4))\n"
	       "r[#r + 1] = coroutine.status(co)\n"
	       "r[#r + 1] = cat(coroutine.resume(co))\n"
	       "return table.concat(r, '|')",
	       "true 3|suspended|true 20|true 7 done|dead|false cannot resume dead coroutine");
	/* A generator with wrap. */
	LT_STR(L,
	       "local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end\n"
	       "local s = 0 for i in range(100) do s = s + i end\n"
	       "return cat(s)",
	       "5050");
	/* Producer/consumer pipeline with a filter in between. */
	LT_STR(L,
	       "local function producer() return coroutine.wrap(function()\n"
	       "  for _, w in ipairs({'a', 'bb', 'ccc', 'dddd'}) do coroutine.yield(w) end end) end\n"
	       "local function filter(src) return coroutine.wrap(function()\n"
	       "  for w in src do if #w % 2 == 0 then coroutine.yield(w:upper()) end end end) end\n"
	       "local out = {} for w in filter(producer()) do out[#out + 1] = w end\n"
	       "return table.concat(out, ',')",
	       "BB,DDDD");
	/* Errors inside a coroutine come back from resume; the coroutine is dead. */
	LT_STR(L,
	       "local co = coroutine.create(function() coroutine.yield(1) error('inside', 0) end)\n"
	       "local a = cat(coroutine.resume(co))\n"
	       "local b = cat(coroutine.resume(co))\n"
	       "return a .. '|' .. b .. '|' .. coroutine.status(co)",
	       "true 1|false inside|dead");
	/* Yield across pcall and a metamethod (allowed since 5.2/5.4). */
	LT_STR(L,
	       "local co = coroutine.wrap(function()\n"
	       "  local ok, v = pcall(function() return coroutine.yield('in pcall') + 1 end)\n"
	       "  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end})\n"
	       "  coroutine.yield(cat(ok, v))\n"
	       "  return t.key\n"
	       "end)\n"
	       "return cat(co(), co(41), co(), co('value'))",
	       "in pcall true 42 key value");
	LT_STR(L,
	       "local inside\n"
	       "local co = coroutine.create(function() inside = cat(coroutine.isyieldable(), coroutine.running()) coroutine.yield() end)\n"
	       "coroutine.resume(co)\n"
	       "return cat(coroutine.isyieldable(), select(2, coroutine.running()), inside:match('^true thread: ') ~= nil)",
	       "false true true");
	/* coroutine.close runs pending to-be-closed variables. */
	LT_STR(L,
	       "local closed = false\n"
	       "local co = coroutine.create(function()\n"
	       "  local x <close> = setmetatable({}, {__close = function() closed = true end})\n"
	       "  coroutine.yield()\n"
	       "end)\n"
	       "coroutine.resume(co)\n"
	       "return cat(coroutine.close(co), closed, coroutine.status(co))",
	       "true true dead");
	LT_STR(L, "return select(2, coroutine.resume(coroutine.running()))",
	       "cannot resume non-suspended coroutine");
	LT_STR(L, "return select(2, pcall(coroutine.yield, 1))",
	       "attempt to yield from outside a coroutine");
	lua_close(L);
}

/* math: floor/ceil to integers, limits, fmod, abs, random with a seed. */
UTEST(math_functions)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_INT(L, "return math.floor(3.7)", 3);
	LT_INT(L, "return math.floor(-3.5)", -4);
	LT_INT(L, "return math.ceil(3.2)", 4);
	LT_NUM(L, "return math.floor(1e100)", 1e100);
	LT_INT(L, "return math.maxinteger", LUA_MAXINTEGER);
	LT_INT(L, "return math.mininteger", LUA_MININTEGER);
	LT_STR(L, "return cat(math.maxinteger == 0x7fffffffffffffff, math.mininteger == -math.maxinteger - 1)",
	       "true true");
	LT_STR(L, "return cat(math.huge, -math.huge, math.pi)", "inf -inf 3.1415926535898");
	LT_NUM(L, "return math.sqrt(16)", 4.0);
	LT_NUM(L, "return math.fmod(7, -3.0)", 1.0);
	LT_INT(L, "return math.fmod(-7, 3)", -1);
	LT_INT(L, "return math.abs(-5)", 5);
	LT_INT(L, "return math.abs(math.mininteger)", LUA_MININTEGER);
	LT_STR(L, "return cat(math.max(3, 7.5, -1), math.min(3, 7.5, -1), math.type(1), math.type(1.0), math.type('1'))",
	       "7.5 -1 integer float nil");
	LT_STR(L, "return string.format('%.6f %.6f %.6f %.6f', math.sin(math.pi / 6), math.cos(0), math.exp(1), math.log(100, 10))",
	       "0.500000 1.000000 2.718282 2.000000");
	LT_STR(L, "return string.format('%.4f %.4f %.4f', math.atan(1, 1), math.log(8, 2), math.log(math.exp(2)))",
	       "0.7854 3.0000 2.0000");
	/* modf's integral part is an integer when it fits, as math.floor's. */
	LT_STR(L, "return cat(math.modf(3.75)) .. ' ' .. cat(math.modf(-2.5)) .. ' ' .. cat(math.modf(1e100))",
	       "3 0.75 -2 -0.5 1e+100 0.0");
	/* The same seed gives the same sequence; ranges hold; all faces appear. */
	LT_STR(L,
	       "math.randomseed(42)\n"
	       "local a = {} for i = 1, 8 do a[i] = math.random(1, 1000000) end\n"
	       "math.randomseed(42)\n"
	       "for i = 1, 8 do if math.random(1, 1000000) ~= a[i] then return 'differs at ' .. i end end\n"
	       "local seen, n = {}, 0\n"
	       "for i = 1, 600 do\n"
	       "  local d = math.random(6)\n"
	       "  if d < 1 or d > 6 or math.type(d) ~= 'integer' then return 'bad ' .. d end\n"
	       "  if not seen[d] then seen[d] = true n = n + 1 end\n"
	       "  local f = math.random()\n"
	       "  if f < 0 or f >= 1 then return 'bad float ' .. f end\n"
	       "end\n"
	       "return cat('same', n, math.type(math.random(0)))",
	       "same 6 integer");
	LT_STR(L, "return select(2, pcall(math.random, 2, 1))",
	       "bad argument #1 to 'math.random' (interval is empty)");
	lua_close(L);
}
