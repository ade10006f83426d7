-- Functions are first-class values: equality, use as keys, storing, passing.
local function f() end
local g = f
print(f == g, f ~= function() end, rawequal(f, g), type(f))
local registry = {}
registry[f] = "f"
registry[print] = "print"
print(registry[g], registry[print], registry[tostring])
local function apply(fn, ...) return fn(...) end
print(apply(function(a, b) return a * b end, 6, 7), apply(select, "#", 1, 2))
local function compose(a, b) return function(...) return a(b(...)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
local list = {inc, dbl, inc}
local v = 1
for _, fn in ipairs(list) do v = fn(v) end
print(v)
local function make_adders()
  local adders = {}
  for i = 1, 3 do adders[i] = function(x) return x + i end end
  return adders
end
local adders = make_adders()
print(adders[1](10), adders[2](10), adders[3](10), adders[1] == adders[2])
local same1, same2 = (function() return function() end end)(), nil
same2 = same1
print(same1 == same2)
print(tostring(f) == tostring(g), tostring(f) == tostring(inc))
print(type(tostring(f)), #tostring(print) > 10)
