-- A coroutine starts one C level above its resumer (lua_resume); the script's main chunk
-- is two levels deep under lua.c, so these counts are lua5.4's exactly.
local n = 0
local function f() n = n + 1 return (pcall(f)) end
coroutine.wrap(function() n = 0 f() print("in a coroutine", n) end)()
coroutine.wrap(function() n = 0 pcall(f) print("under pcall in a coroutine", n) end)()
n = 0
local function cw() n = n + 1 return coroutine.wrap(cw)() end
local ok, e = pcall(cw)
print(ok, (string.gsub(e, "^.-(C stack overflow)$", "%1")), n)
local function max_parens()
  local lo, hi = 1, 400
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if load("return " .. ("("):rep(mid) .. "1" .. (")"):rep(mid)) then lo = mid else hi = mid - 1 end
  end
  return lo
end
print("parser depth in a coroutine", coroutine.wrap(max_parens)())
