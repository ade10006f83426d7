-- __index chains that leave tables: a string in the chain indexes through the string
-- metatable; a function after several tables gets the last table; errors name no variable.
local via_string = setmetatable({}, {__index = "text"})
print(type(via_string.len), via_string.len == ("").len, via_string.missing)
local a = setmetatable({}, {__index = setmetatable({}, {__index = "xy"})})
print(type(a.upper), a.nothing)
local seen
local last = setmetatable({}, {__index = function(t, k) seen = t return k .. "!" end})
local mid = setmetatable({}, {__index = last})
local first = setmetatable({}, {__index = mid})
print(first.key, seen == last, first[1])
print(pcall(function() return setmetatable({}, {__index = setmetatable({}, {__index = 7})}).x end))
-- Values found along the way are returned whatever their type.
local values = {n = 1, f = 2.5, s = "s", b = false, t = {}, fn = print}
local obj = setmetatable({}, {__index = setmetatable({}, {__index = values})})
print(obj.n, obj.f, obj.s, obj.b, type(obj.t), obj.fn == print, obj.none)
-- A long chain ending in a loop.
local ring = {}
local node = ring
for i = 1, 30 do
  local nxt = {}
  setmetatable(node, {__index = nxt})
  node = nxt
end
setmetatable(node, {__index = ring})
print(pcall(function() return ring.x end))
-- Integer and other keys through the chain.
local arr = setmetatable({}, {__index = setmetatable({}, {__index = {10, 20, [2.5] = "f", [true] = "t"}})})
print(arr[1], arr[2], arr[3], arr[2.5], arr[true])
