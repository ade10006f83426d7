-- Metatables attached, changed or removed while a loop keeps using the same site.
local t = {}
local results = {}
for i = 1, 300 do
  if i == 100 then setmetatable(t, {__index = function(_, k) return k * 2 end}) end
  if i == 200 then setmetatable(t, nil) end
  local v = t[i]
  results[#results + 1] = v == nil and 0 or v
end
local s = 0
for i = 1, #results do s = s + results[i] end
print(s)
local mt = {}
local obj = setmetatable({}, mt)
local count = 0
for i = 1, 300 do
  if i == 150 then mt.__add = function(a, b) return 1000 end end
  local ok, r = pcall(function() return obj + i end)
  if ok then count = count + r end
end
print(count)
local eq_mt = {}
local a, b = setmetatable({}, eq_mt), setmetatable({}, eq_mt)
local equal = 0
for i = 1, 200 do
  if i == 100 then eq_mt.__eq = function() return true end end
  if a == b then equal = equal + 1 end
end
print(equal)
local proxy = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v + 1) end})
for i = 1, 200 do proxy[i % 10] = i end
print(proxy[0], proxy[9])
local len_mt = {}
local sized = setmetatable({1, 2, 3}, len_mt)
local lens = 0
for i = 1, 200 do
  if i == 101 then len_mt.__len = function() return 10 end end
  lens = lens + #sized
end
print(lens)
