-- ned-lib.lua: a module ned's test script loads with require (from rom).
local M = { answer = 42, name = ... }

function M.twice(x)
  return 2 * x
end

return M
