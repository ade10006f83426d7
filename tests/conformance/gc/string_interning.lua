-- Strings built at run time, dropped, collected and built again must still find table
-- entries keyed by equal strings (the interning table and the collector must agree).
local keep = {}
for i = 1, 2000 do keep["key" .. i] = i end
for round = 1, 3 do
  local garbage = {}
  for i = 1, 2000 do garbage[i] = "key" .. i .. "-temp" .. round end
  garbage = nil
  collectgarbage()
  local sum = 0
  for i = 1, 2000 do sum = sum + keep["key" .. i] end
  print(round, sum)
end
local long_keys = {}
local base = "a long key that exceeds the short string limit of the interner: "
for i = 1, 200 do long_keys[base .. i] = i end
collectgarbage()
local found = 0
for i = 1, 200 do if long_keys[base .. i] == i then found = found + 1 end end
print(found)
local weak = setmetatable({}, {__mode = "k"})
for i = 1, 100 do weak["weak key " .. i] = i end
collectgarbage()
local n = 0
for _ in pairs(weak) do n = n + 1 end
print(n, weak["weak key 50"])
local a = "con" .. "cat"
collectgarbage()
local b = "c" .. "oncat"
print(a == b, rawequal(a, b), ({[a] = "found"})[b])
