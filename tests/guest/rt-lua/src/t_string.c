/* rt-lua: the string and utf8 libraries (format, patterns, pack, UTF-8). */
#include "lt.h"
#include <utap.h>

/* string.format on newlib's printf: widths, precision, %q, %a, %g, %i. */
UTEST(string_format)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L, "return string.format('%5d|%-5s|%05.1f|%x|%X|%o', 42, 'ab', 3.14159, 255, 255, 8)",
	       "   42|ab   |003.1|ff|FF|10");
	LT_STR(L, "return string.format('%.3f %e %g %g %g', math.pi, 12345.678, 1e20, 0.0001, 100)",
	       "3.142 1.234568e+04 1e+20 0.0001 100");
	LT_STR(L, "return string.format('%i %d %u', -7, 3.0, 12)", "-7 3 12");
	LT_STR(L, "return string.format('%c%c%c', 76, 117, 97)", "Lua");
	LT_STR(L, "return string.format('%10.4s|%-3c|%%', 'walnut', 65)", "      waln|A  |%");
	LT_STR(L, "return string.format('%q', 'a\\nb\"c\\0')", "\"a\\\nb\\\"c\\0\"");
	LT_STR(L, "return string.format('%q %q %q', 1/0, math.mininteger, 0.5)",
	       "1e9999 0x8000000000000000 0x1p-1");
	LT_STR(L, "return string.format('%a', 1.0)", "0x1p+0");
	LT_STR(L, "return string.format('%s %s %s', nil, true, setmetatable({}, {__tostring = function() return 'T' end}))",
	       "nil true T");
	LT_STR(L, "return string.format('%.14g', 2^53)", "9.007199254741e+15");
	LT_STR(L, "return string.format('%d', math.mininteger)", "-9223372036854775808");
	LT_ERR(L, "return string.format('%d', 1.5)", LUA_ERRRUN,
	       "[string \"return string.format('%d', 1.5)\"]:1: bad argument #2 to 'format' (number has no integer representation)");
	LT_ERR(L, "return string.format('%y', 1)", LUA_ERRRUN,
	       "[string \"return string.format('%y', 1)\"]:1: invalid conversion '%y' to 'format'");
	/* Other basic string functions. */
	LT_STR(L, "return cat(('abc'):upper(), ('ABC'):lower(), ('ab'):rep(3, ','), ('hello'):reverse(), ('hello'):sub(2, -2), #('x'):rep(1000))",
	       "ABC abc ab,ab,ab olleh ell 1000");
	LT_STR(L, "return cat(string.byte('ABC', 1, -1)) .. ' ' .. string.char(72, 105)", "65 66 67 Hi");
	lua_close(L);
}

/* Patterns: find (plain and with captures), match, gsub (string, table,
 * function replacements), gmatch, anchors, %b and %f. */
UTEST(string_patterns)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L, "return cat(string.find('hello world', 'o w'))", "5 7");
	LT_STR(L, "return cat(string.find('a.b', '.', 1, true)) .. ' ' .. cat(string.find('a.b', '%.'))", "2 2 2 2");
	LT_STR(L, "return cat(string.find('key = val', '(%w+)%s*=%s*(%w+)'))", "1 9 key val");
	LT_STR(L, "return cat(string.find('abc', 'x'), string.find('abc', '', 10))", "nil nil");
	LT_STR(L, "return cat(string.match('  trim me  ', '^%s*(.-)%s*$'))", "trim me");
	LT_STR(L, "return cat(string.match('2024-05-17', '(%d+)-(%d+)-(%d+)'))", "2024 05 17");
	LT_STR(L, "return cat(string.match('hello', '()ll()'))", "3 5");
	LT_STR(L, "return cat(string.gsub('hello world', 'o', '0'))", "hell0 w0rld 2");
	LT_STR(L, "return cat(string.gsub('hello world', '(%w+)', '<%1>', 1))", "<hello> world 1");
	LT_STR(L, "return cat(string.gsub('$name is $age', '%$(%w+)', {name = 'Lua', age = 31}))",
	       "Lua is 31 2");
	LT_STR(L, "return cat(string.gsub('abc', '%w', function(c) return c:byte() .. ' ' end))",
	       "97 98 99  3");
	LT_STR(L, "return cat(string.gsub('f(a(b)c) g(d)', '%b()', '[]'))", "f[] g[] 2");
	LT_STR(L, "return cat(string.gsub('THE (quick) fox', '%f[%a]%a+', 'W'))", "W (W) W 3");
	LT_STR(L,
	       "local words = {}\n"
	       "for w in string.gmatch('one two  three', '%a+') do words[#words + 1] = w end\n"
	       "local kv = {}\n"
	       "for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do kv[#kv + 1] = k .. v end\n"
	       "return table.concat(words, '/') .. ' ' .. table.concat(kv, '/')",
	       "one/two/three a1/b2");
	LT_ERR(L, "return string.find('x', '(')", LUA_ERRRUN,
	       "[string \"return string.find('x', '(')\"]:1: unfinished capture");
	LT_ERR(L, "return string.gsub('x', 'x', '%2')", LUA_ERRRUN,
	       "[string \"return string.gsub('x', 'x', '%2')\"]:1: invalid capture index %2");
	lua_close(L);
}

/* string.pack/unpack and string.dump with load of a binary chunk. */
UTEST(string_pack_dump)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L, "return string.pack('<i4', 0x01020304) == '\\4\\3\\2\\1' and 'le' or 'bad'", "le");
	LT_STR(L, "return string.pack('>I2', 0xABCD) == '\\xAB\\xCD' and 'be' or 'bad'", "be");
	LT_STR(L, "return cat(string.unpack('<i4 z s1 d', string.pack('<i4 z s1 d', -2, 'zs', 'abc', 0.25)))",
	       "-2 zs abc 0.25 20");
	LT_INT(L, "return string.packsize('i4 i8 !8 d')", 24);
	LT_STR(L,
	       "local f = load(string.dump(function(a, b) return a * b + 1 end))\n"
	       "return cat(f(6, 7), type(string.dump(f)))",
	       "43 string");
	LT_STR(L, "return cat(load('return 1', 'x', 'b'))",
	       "nil attempt to load a text chunk (mode is 'b')");
	LT_STR(L, "return cat(load('return +', '=bad'))", "nil bad:1: unexpected symbol near '+'");
	/* load with a reader function and an environment table. */
	LT_STR(L,
	       "local parts = {'return ', 'x ', '.. y'}\n"
	       "local i = 0\n"
	       "local f = load(function() i = i + 1 return parts[i] end, 'pieces', 't', {x = 'a', y = 'b'})\n"
	       "return f()",
	       "ab");
	lua_close(L);
}

/* utf8: char, charpattern, codes, codepoint, len, offset, invalid input. */
UTEST(string_utf8)
{
	lua_State *L = lt_state();
	UASSERT(L);
	UASSERT_EQ(lt_run(L, "s = utf8.char(72, 228, 8364, 128512)"), LUA_OK);
	LT_STR(L, "return s", "H\xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80");
	LT_STR(L, "return cat(#s, utf8.len(s), utf8.codepoint(s, 1, -1))", "10 4 72 228 8364 128512");
	LT_STR(L,
	       "local t = {}\n"
	       "for p, c in utf8.codes(s) do t[#t + 1] = p .. ':' .. c end\n"
	       "return table.concat(t, ' ')",
	       "1:72 2:228 4:8364 7:128512");
	LT_STR(L, "return cat(utf8.offset(s, 3), utf8.offset(s, -1), utf8.len(s, 2, 6))", "4 7 2");
	LT_STR(L, "local n = 0 for _ in s:gmatch(utf8.charpattern) do n = n + 1 end return cat(n)", "4");
	LT_STR(L, "return cat(utf8.len('ab\\xffcd'))", "nil 3");
	LT_STR(L, "return cat(utf8.char(0x7FFFFFFF) == '\\u{7FFFFFFF}', utf8.len('\\u{7FFFFFFF}', 1, -1, true))",
	       "true 1");
	LT_ERR(L, "return utf8.codepoint('\\xff')", LUA_ERRRUN,
	       "[string \"return utf8.codepoint('\\xff')\"]:1: invalid UTF-8 code");
	lua_close(L);
}
