-- Assigning to existing fields (or clearing them) during pairs is allowed.
local function sorted(list)
  for i = 2, #list do
    local v, j = list[i], i - 1
    while j >= 1 and list[j] > v do list[j + 1] = list[j]; j = j - 1 end
    list[j + 1] = v
  end
  return list
end
local t = {}
for i = 1, 20 do t["k" .. i] = i; t[i] = i end
for k, v in pairs(t) do t[k] = v * 2 end
local sum = 0
for _, v in pairs(t) do sum = sum + v end
print(sum)
local visits = 0
for k in pairs(t) do
  visits = visits + 1
  t[k] = nil
end
print(visits, next(t))
local u = {a = 1, b = 2, c = 3, d = 4, 1, 2, 3}
for k, v in pairs(u) do
  if type(v) == "number" and v % 2 == 0 then u[k] = nil end
end
local keys = {}
for k, v in pairs(u) do keys[#keys + 1] = tostring(k) .. "=" .. v end
sorted(keys)
for i = 1, #keys do print(keys[i]) end
local w = {x = 1}
for k in pairs(w) do w[k] = "changed" end
print(w.x)
