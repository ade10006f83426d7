-- table.move and table.sort (including comparison order and error cases).
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(t.n, table.concat(t, " | "))
end
local function dump(t, a, b)
  local parts = {}
  for i = a or 1, b or #t do parts[#parts + 1] = tostring(t[i]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local a = {1, 2, 3, 4, 5}
table.move(a, 1, 3, 3)
print(dump(a))
a = {1, 2, 3, 4, 5}
table.move(a, 3, 5, 1)
print(dump(a))
a = {1, 2, 3}
local b = table.move(a, 1, 3, 2, {})
print(dump(b, 1, 4), b == a)
show(table.move({}, 1, 0, 1) ~= nil, dump(table.move({1, 2}, 2, 1, 1)))
show(pcall(table.move, {}, 1, math.maxinteger, 2))
show(pcall(table.move, {}, -1, math.maxinteger, 2))
show(type(table.move({1}, 1, 1, math.maxinteger)))
show(pcall(table.move, {1, 2}, 1, 2, math.maxinteger))
show(pcall(table.move, {}, 1, 2))
show(pcall(table.move, 1, 1, 2, 3))
show(pcall(table.move, {}, 1, 1, 1, 5))
show(pcall(table.move, {}, 1.5, 2, 3))

local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(dump(t))
table.sort(t, function(x, y) return x > y end)
print(dump(t))
local words = {"pear", "Apple", "fig", "banana", "apple"}
table.sort(words)
print(dump(words))
table.sort(words, function(x, y) return x:lower() < y:lower() end)
print(words[1]:lower(), words[3], words[4], words[5])
local one = {1}
table.sort(one)
table.sort({})
print(dump(one))
-- the exact sequence of comparisons is observable
local calls = {}
local data = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}
table.sort(data, function(x, y) calls[#calls + 1] = x .. "<" .. y; return x < y end)
print(dump(data))
print(#calls, table.concat(calls, " "))
-- larger arrays, with duplicates, already sorted, reversed
local big = {}
for i = 1, 1000 do big[i] = (i * 7919) % 1009 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print("big sorted", ok, big[1], big[500], big[1000])
local sorted = {}
for i = 1, 300 do sorted[i] = i end
table.sort(sorted)
table.sort(sorted, function(x, y) return x > y end)
print(sorted[1], sorted[300])
-- bad comparators and arguments
show(pcall(table.sort, {3, 2, 1}, function() return true end))
local many = {}
for i = 1, 20 do many[i] = i end
show(pcall(table.sort, many, function() return true end))
show(pcall(table.sort, {1, 2, 3}, 1))
show(pcall(table.sort, {1, 2, 3}, "x"))
show(pcall(table.sort, {3, 2, 1}, function(x, y) error("cmp " .. x .. y) end))
show(pcall(table.sort, {3, nil, 1}))
show(pcall(table.sort))
show(pcall(table.sort, 1))
-- the comparator may trigger collections; the values survive
local objects = {}
for i = 1, 200 do objects[i] = {key = (i * 37) % 101} end
table.sort(objects, function(x, y)
  local garbage = {}
  for k = 1, 10 do garbage[k] = {k} end
  return x.key < y.key
end)
print(objects[1].key, objects[100].key, objects[200].key)
-- plain arrays of numbers or strings (tsukimi sorts these on a fast path: same result)
local mixed = {3, 1.0, 1, 2.5, 2, -0.0, 0, 1e300, -1e300, math.mininteger, math.maxinteger, 2^53, 2^53 + 1}
table.sort(mixed)
for i = 1, #mixed do io.write(math.type(mixed[i]), ":", tostring(mixed[i]), " ") end print()
local withnan = {5, 0/0, 3, 0/0, 1, 4}
table.sort(withnan)
for i = 1, #withnan do io.write(tostring(withnan[i] == withnan[i] and withnan[i] or "nan"), " ") end print()
local strs = {"b", "a\0b", "a", "a\0a", "", "B", "ab", "a\0"}
table.sort(strs)
for i = 1, #strs do io.write(string.format("%q", strs[i]), " ") end print()
local dup = {}
-- (fewer than 100 elements: ltablib never randomizes the pivot, so the order of 1 and 1.0 is fixed)
for i = 1, 90 do dup[i] = (i % 7) + ((i % 3 == 0) and 0.0 or 0) end
table.sort(dup)
local floats = 0
for i = 1, #dup do if math.type(dup[i]) == "float" then floats = floats + i end end
print(dup[1], dup[45], dup[90], floats)
