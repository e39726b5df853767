/* rt-lua: require from rom/, the io library on libc's stdio, and os. */
#include "lt.h"
#include <utap.h>

/* rom/rt_mod.lua (tests/conf/rt_mod.lua) is a boot module of the scenario. */
#define MOD "rom/rt_mod.lua"

/* require finds rom/rt_mod.lua through package.path, runs it once, and
 * passes it its name and path; errors in it name the file and line. */
UTEST(package_require)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L, "local m, where = require('rt_mod') return cat(m.name, m.path, where, m.runs)",
	       "rt_mod " MOD " " MOD " 1");
	LT_STR(L, "local m = require('rt_mod') return cat(m.add(2, 3), m.greet('walnut'), m.runs, rt_mod_runs)",
	       "5 hello, walnut 1 1");
	LT_STR(L, "return cat(package.loaded.rt_mod == require('rt_mod'))", "true");
	LT_STR(L, "return select(2, pcall(require('rt_mod').fail))", MOD ":10: failing in rt_mod");
	LT_STR(L, "return package.searchpath('rt_mod', package.path)", MOD);
	/* dofile and loadfile run it again, outside the module cache. */
	LT_STR(L, "return cat(dofile('" MOD "').runs, loadfile('" MOD "')('x', 'y').name)", "2 x");
	LT_STR(L, "return cat(loadfile('rom/rt_no_such.lua'))",
	       "nil cannot open rom/rt_no_such.lua: No such file or directory");
	/* A missing module lists where it was looked for. */
	LT_STR(L,
	       "local ok, e = pcall(require, 'rt_no_such')\n"
	       "return cat(ok, e:match(\"^module 'rt_no_such' not found:\") ~= nil,\n"
	       "  e:match(\"no file 'rom/rt_no_such.lua'\") ~= nil, e:match(\"no file 'rom/rt_no_such'\") ~= nil)",
	       "false true true true");
	/* No C modules: package.loadlib reports it, the default cpath is empty. */
	LT_STR(L, "return cat(package.loadlib('rom/x.so', 'luaopen_x'))",
	       "nil dynamic libraries not enabled; check your Lua installation absent");
	LT_STR(L, "return '[' .. package.cpath .. ']'", "[]");
	/* The default path (before the prelude set it) looks in rom/. */
	LT_STR(L, "return default_path", "rom/?.lua;rom/?/init.lua;rom/?");
	/* preload wins over files. */
	LT_STR(L, "package.preload.pre = function(n) return {n = n} end return require('pre').n", "pre");
	lua_close(L);
}

/* io on a rom file: open, read by lines, numbers and sizes, seek, close;
 * writing fails cleanly; a missing file gives nil and a message. */
UTEST(io_rom_file)
{
	lua_State *L = lt_state();
	UASSERT(L);
	UASSERT_EQ(lt_run(L, "f = assert(io.open('" MOD "'))"), LUA_OK);
	LT_STR(L, "return cat(io.type(f), io.type(42))", "file nil");
	LT_STR(L, "return f:read('l')",
	       "-- rt_mod: a module for rt-lua's require and io tests (boot module rom/rt_mod.lua).");
	LT_STR(L, "f:read('l') f:read('L') return cat(f:read(3), f:read('n', 'n', 'n'))", "--  42 3.5 16");
	LT_STR(L, "local size = f:seek('end') f:seek('set') local all = f:read('a') return cat(size == #all, #all > 400, f:read('a'), f:read('l'))",
	       "true true  nil");
	LT_STR(L, "f:seek('set', 3) return cat(f:read(6), f:seek('cur'))", "rt_mod 9");
	/* Writing to a file opened for reading fails with nil and a message. */
	LT_STR(L, "return cat(f:write('x'))", "nil Bad file number 9");
	LT_STR(L, "return cat(f:close(), io.type(f), tostring(f))", "true closed file file (closed)");
	LT_STR(L, "return select(2, pcall(f.read, f))", "attempt to use a closed file");
	/* Line iteration: io.lines and file:lines, with and without newlines. */
	LT_STR(L,
	       "local n, m = 0, require('rt_mod').lines\n"
	       "for l in io.lines('" MOD "') do n = n + 1 end\n"
	       "local chars = 0\n"
	       "for l in io.lines('" MOD "', 'L') do chars = chars + #l end\n"
	       "return cat(n == m, chars == #io.open('" MOD "'):read('a'))",
	       "true true");
	LT_STR(L,
	       "local g = io.open('" MOD "')\n"
	       "local last for l in g:lines() do last = l end\n"
	       "g:close() return last",
	       "return M");
	/* Opening for writing, missing files, bad modes. */
	LT_STR(L,
	       "local f, msg, code = io.open('" MOD "', 'w') print('# io.open for writing: ' .. msg)\n"
	       "return cat(f, msg:sub(1, #'" MOD ": ') == '" MOD ": ', math.type(code))",
	       "nil true integer");
	LT_STR(L, "local f, msg, code = io.open('rt_new_file.txt', 'a+') print('# io.open outside rom/: ' .. msg)\n"
		  "return cat(f, type(msg), math.type(code))",
	       "nil string integer");
	LT_STR(L, "return cat(io.open('rom/rt_no_such.txt'))",
	       "nil rom/rt_no_such.txt: No such file or directory 2");
	LT_STR(L, "return select(2, pcall(io.lines, 'rom/rt_no_such.txt'))",
	       "cannot open file 'rom/rt_no_such.txt' (No such file or directory)");
	LT_STR(L, "return select(2, pcall(io.open, '" MOD "', 'rw'))",
	       "bad argument #2 to 'io.open' (invalid mode)");
	LT_STR(L, "return select(2, pcall(io.popen, 'ls'))", "'popen' not supported");
	LT_STR(L, "local f, msg = io.tmpfile() print('# io.tmpfile: ' .. msg) return cat(f, type(msg))",
	       "nil string");
	lua_close(L);
}

/* io.write, print, io.stderr and warn reach the log (the scenario expects
 * these lines); the default output is stdout. */
UTEST(io_stdout)
{
	lua_State *L = lt_state();
	UASSERT(L);
	LT_STR(L, "return cat(io.output() == io.stdout, io.type(io.stdout), io.type(io.stdin))",
	       "true file file");
	LT_STR(L, "return cat(io.write('rt-lua: io.write ', 42, ' ', 1.5, '\\n') == io.stdout)", "true");
	LT_STR(L, "print('rt-lua: print', 1, nil, true) return 'printed'", "printed");
	LT_STR(L, "return cat(io.stdout:write('rt-lua: stdout:write\\n'):flush())", "true");
	LT_STR(L, "io.stderr:write('rt-lua: to stderr\\n') return 'written'", "written");
	LT_STR(L, "warn('@on') warn('rt-lua ', 'warns') return 'warned'", "warned");
	lua_close(L);
}

/* os: clock and time move forward, dates, getenv, and the calls the
 * runtime does not have fail with a message. */
UTEST(os_functions)
{
	lua_State *L = lt_state();
	UASSERT(L);
	/* os.clock counts processor time: a busy loop takes some. */
	LT_STR(L,
	       "local c0 = os.clock() local x = 0\n"
	       "for i = 1, 300000 do x = x + i end\n"
	       "local c1 = os.clock()\n"
	       "return cat(math.type(c0), c1 > c0, c0 >= 0)",
	       "float true true");
	/* os.time ticks in seconds: wait (at most 3 s of clock) for the next one. */
	LT_STR(L,
	       "local t0, c0 = os.time(), os.clock()\n"
	       "while os.time() == t0 and os.clock() - c0 < 3 do end\n"
	       "local t1 = os.time()\n"
	       "return cat(math.type(t0), t1 > t0, t1 - t0 <= 2)",
	       "integer true true");
	LT_STR(L, "return os.date('!%Y-%m-%d %H:%M:%S', 0)", "1970-01-01 00:00:00");
	LT_STR(L, "return os.date('!%A %B %d %j', 951782400)", "Tuesday February 29 060");
	LT_STR(L, "local t = os.date('!*t', 86400 * 365) return cat(t.year, t.month, t.day, t.hour, t.isdst)",
	       "1971 1 1 0 false");
	/* Without TZ, local time is UTC. */
	LT_INT(L, "return os.time({year = 2000, month = 1, day = 1, hour = 0})", 946684800);
	LT_INT(L, "return os.time({year = 2000, month = 13, day = 1, hour = 0})", 978307200);
	LT_NUM(L, "return os.difftime(10, 4)", 6.0);
	LT_STR(L, "return select(2, pcall(os.date, '%Q'))",
	       "bad argument #1 to 'os.date' (invalid conversion specifier '%Q')");
	/* main() set RT_LUA_VAR in the environment before the tests ran. */
	LT_STR(L, "return cat(os.getenv('RT_LUA_VAR'), os.getenv('RT_LUA_UNSET'))", "walnut nil");
	/* No shell, no writable files, no temporary names. */
	LT_STR(L, "return cat(os.execute())", "false");
	LT_STR(L, "return cat(os.execute('ls'))", "nil Function not implemented 88");
	LT_STR(L, "local ok, msg, code = os.remove('" MOD "') print('# os.remove: ' .. msg)\n"
		  "return cat(ok, msg:sub(1, #'" MOD ": ') == '" MOD ": ', math.type(code))",
	       "nil true integer");
	LT_STR(L, "local ok, msg, code = os.rename('" MOD "', 'rom/rt_moved.lua') print('# os.rename: ' .. msg)\n"
		  "return cat(ok, type(msg), math.type(code))",
	       "nil string integer");
	LT_STR(L, "return select(2, pcall(os.tmpname))", "unable to generate a unique filename");
	lua_close(L);
}
