-- rt_mod: a module for rt-lua's require and io tests (boot module rom/rt_mod.lua).
-- rt-lua checks this first line, the line count (M.lines) and the numbers
-- on the next line; keep them in step with tests/guest/rt-lua/src/t_io.c.
-- 42 3.5 0x10
local name, path = ...
rt_mod_runs = (rt_mod_runs or 0) + 1
local M = {name = name, path = path, lines = 11, runs = rt_mod_runs}
function M.add(a, b) return a + b end
function M.greet(who) return 'hello, ' .. who end
function M.fail() error('failing in rt_mod') end
return M
