-- ned-tap.lua: TAP for ned's test scripts (require("ned-tap")). Results
-- go to ned's console through print; the plan comes last (T.done()).
--   T.ok(cond, name)          T.is(got, want, name)
--   T.like(s, pattern, name)  (plain substring match)
--   T.fails(fn, pattern, name): fn must raise an error whose message
--                             contains pattern (printed as a "# " note);
--                             returns the error
--   T.test(name, fn)          runs fn; an error in it is a failure
local T = { n = 0, failed = 0 }

print("TAP version 13")

local function report(ok, name, diag)
  T.n = T.n + 1
  if not ok then
    T.failed = T.failed + 1
  end
  print(string.format("%s %d - %s", ok and "ok" or "not ok", T.n, name))
  if not ok and diag then
    print("# " .. tostring(diag):gsub("\n", "\n# "))
  end
  return ok
end

-- An error value as text (L4Re's error tables carry msg and code).
function T.text(e)
  if type(e) == "table" and e.msg then
    return e.msg
  end
  return tostring(e)
end

function T.ok(cond, name)
  return report(cond and true or false, name)
end

function T.is(got, want, name)
  return report(got == want, name,
                string.format("got %s, want %s", tostring(got), tostring(want)))
end

function T.like(s, pattern, name)
  local ok = type(s) == "string" and s:find(pattern, 1, true) ~= nil
  return report(ok, name, string.format("'%s' does not contain '%s'", tostring(s), pattern))
end

function T.fails(fn, pattern, name)
  local ok, e = pcall(fn)
  if ok then
    report(false, name, "no error raised")
    return nil
  end
  T.like(T.text(e), pattern, name)
  print("# " .. T.text(e))
  return e
end

function T.test(name, fn)
  local ok, e = pcall(fn)
  if not ok then
    report(false, name .. " (raised an error)", T.text(e))
  end
end

function T.done()
  print("1.." .. T.n)
  if T.failed > 0 then
    print(string.format("# %d of %d failed", T.failed, T.n))
  end
end

return T
