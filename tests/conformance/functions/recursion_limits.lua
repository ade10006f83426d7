-- Deep non-tail recursion raises a catchable error instead of crashing.
local function deep(n) return 1 + deep(n + 1) end
local ok, msg = pcall(deep, 1)
print(ok, type(msg), msg ~= nil)
local mt = {}
mt.__index = function(t, k) return t[k .. "x"] end
ok, msg = pcall(function() return setmetatable({}, mt).a end)
print(ok, type(msg))
local function recover(n)
  if n == 0 then return "recovered" end
  local ok2, value = pcall(recover, n - 1)
  return ok2 and value or "failed"
end
print(recover(150))
local depth = 0
local function measure() depth = depth + 1 measure() end
print(pcall(measure) == false, depth > 1000)
local function concat_deep(n) return "x" .. concat_deep(n + 1) end
print((pcall(concat_deep, 1)))
print(select("#", pcall(deep, 1)))
print(pcall(deep, 1) == false)
local function after_overflow()
  local ok1 = pcall(deep, 1)
  local ok2, value = pcall(function() return 42 end)
  return ok1, ok2, value
end
print(after_overflow())
