-- Field and index sites that see tables of different shapes and kinds.
local function get_x(t) return t.x end
local shapes = {
  {x = 1}, {y = 2, x = 3}, {x = 4, y = 5, z = 6}, setmetatable({}, {__index = {x = 7}}),
  setmetatable({}, {__index = function() return 8 end}), {[1] = 0, x = 9},
}
local total = 0
for round = 1, 200 do
  for _, t in ipairs(shapes) do total = total + get_x(t) end
end
print(total)
local function get_i(t, i) return t[i] end
local arr, hash = {1, 2, 3}, {[1] = 10, [2] = 20, [100] = 30}
local acc = 0
for i = 1, 300 do acc = acc + (get_i(arr, i % 3 + 1)) + (get_i(hash, i % 2 + 1)) end
print(acc, get_i(hash, 100), get_i(hash, 100.0), get_i(arr, 2^0))
local grow = {}
for i = 1, 500 do grow[i] = i end
for i = 1, 500 do grow["k" .. i] = i end
local s = 0
for i = 1, 500 do s = s + grow[i] + grow["k" .. i] end
print(s, #grow)
local function set_field(t, v) t.field = v end
local targets = {{}, {field = 1}, setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2) end})}
for i = 1, 300 do set_field(targets[i % 3 + 1], i) end
print(targets[1].field, targets[2].field, targets[3].field)
local function remove_during(t)
  local n = 0
  for k in pairs(t) do t[k] = nil n = n + 1 end
  return n
end
local big = {}
for i = 1, 1000 do big[i] = i; big["s" .. i] = i end
print(remove_during(big), next(big))
