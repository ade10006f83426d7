-- lua.c runs the script inside pmain (one C level) through lua_pcall (a second): 200 levels
-- of C-call nesting end in "C stack overflow" after exactly this many pcall/xpcall/metamethod
-- levels from the main chunk, and load's parser counts from the same level.
local n = 0
local function f() n = n + 1 return (pcall(f)) end
f() print("pcall from main chunk", n)
n = 0 pcall(f) print("under one pcall", n)
n = 0 pcall(pcall, f) print("under two pcalls", n)
n = 0
local function x() n = n + 1 return (xpcall(x, function(m) return m end)) end
x() print("xpcall", n)
n = 0
local t = setmetatable({}, {__index = function(t, k) n = n + 1 return t[k] end})
print(pcall(function() return t.x end)) print("__index", n)
n = 0
local function tc() n = n + 1 return tostring(setmetatable({}, {__tostring = tc})) end
print(pcall(tc)) print("__tostring", n)
n = 0
local function ld() n = n + 1 load(function() ld() end) end
pcall(ld) print("load reader", n)

local function rep(s, k) local r = "" for _ = 1, k do r = r .. s end return r end
local function max_parens()
  local lo, hi = 1, 400
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if load("return " .. rep("(", mid) .. "1" .. rep(")", mid)) then lo = mid else hi = mid - 1 end
  end
  return lo
end
print("parser depth", max_parens())
print("parser depth under pcall", pcall(max_parens))
print("parser depth under two pcalls", pcall(pcall, max_parens))
