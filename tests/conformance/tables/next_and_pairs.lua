-- next and pairs: visiting every key once; errors for invalid keys.
local function sorted(list)
  for i = 2, #list do
    local v, j = list[i], i - 1
    while j >= 1 and list[j] > v do list[j + 1] = list[j]; j = j - 1 end
    list[j + 1] = v
  end
  return list
end
local t = {10, 20, 30, x = 1, y = 2, [100] = 3, [1.5] = 4}
local seen = {}
for k, v in pairs(t) do seen[#seen + 1] = tostring(k) .. "=" .. tostring(v) end
sorted(seen)
for i = 1, #seen do print(seen[i]) end
local count, k = 0, nil
repeat
  k = next(t, k)
  if k ~= nil then count = count + 1 end
until k == nil
print("next visited", count)
print(next({}), next({}, nil), type(next), select("#", next({})))
local one = {only = true}
print(next(one), next(one, "only"))
print(pcall(next, one, "missing"))
print(pcall(next, {}, 1))
print(pcall(next))
print(pcall(next, 1))
print(pcall(pairs))
local ok, iter, state, start = pcall(pairs, nil)
print(ok, iter == next, state, start)
print(pcall(function() for _ in pairs(nil) do end end))
local f, s, init = pairs(t)
print(f == next, s == t, init)
local seq = {"a", "b", "c"}
local order = ""
for i, v in ipairs(seq) do order = order .. i .. v end
print(order)
local n = 0
local big = {}
for i = 1, 200 do big[i] = i; big["k" .. i] = i end
for _ in pairs(big) do n = n + 1 end
print(n)
local sum = 0
for key, v in pairs(big) do if type(key) == "number" then sum = sum + v end end
print(sum)
