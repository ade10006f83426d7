-- table.insert, table.remove, table.pack, table.unpack, table.concat.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(t.n, table.concat(t, " | "))
end
local function dump(t, n)
  local parts = {}
  for i = 1, n or #t do parts[#parts + 1] = tostring(t[i]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "c")
table.insert(t, 2, "d")
table.insert(t, #t + 1, "e")
print(dump(t))
show(pcall(table.insert, t, 0, "x"))
show(pcall(table.insert, t, 7, "x"))
show(pcall(table.insert, t, -1, "x"))
show(pcall(table.insert, t))
show(pcall(table.insert, t, 1, 2, 3))
show(pcall(table.insert, t, "x", 1))
show(pcall(table.insert, t, 1.5, 1))
show(pcall(table.insert, nil, 1))
show(pcall(table.insert, 1, 1))
table.insert(t, 3, nil)
print(dump(t, 6))

t = {1, 2, 3, 4, 5}
show(table.remove(t), dump(t))
show(table.remove(t, 1), dump(t))
show(table.remove(t, 2), dump(t))
show(table.remove(t, #t + 1), dump(t))
show(pcall(table.remove, t, 5))
show(pcall(table.remove, t, -1))
local empty = {}
show(table.remove(empty), table.remove(empty, 0), table.remove(empty, 1), #empty)
show(pcall(table.remove, empty, 2))
local zero = {[0] = "z"}
show(table.remove(zero, 0), zero[0])

local p = table.pack()
show(p.n, #p)
p = table.pack(1, nil, 3, nil)
show(p.n, p[1], p[2], p[3], p[4])
show(table.unpack({1, 2, 3}))
show(table.unpack({1, 2, 3}, 2))
show(table.unpack({1, 2, 3}, 2, 5))
show(table.unpack({1, 2, 3}, 3, 2))
show(table.unpack({1, 2, 3}, -1, 1))
show(table.unpack({}, 1, 0))
show(table.unpack({n = 3}, 1, 3))
show(pcall(table.unpack, {}, 1, 1e8))
show(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
show(pcall(table.unpack, {}, 1, 1.5))
show(pcall(table.unpack))
show(table.unpack({"x"}, math.maxinteger, math.maxinteger))
show(select("#", table.unpack({}, 1, 250)))

show(table.concat({}), table.concat({1, 2, 3}), table.concat({1, 2, 3}, ", "))
show(table.concat({"a", "b", "c"}, "-", 2), table.concat({"a", "b", "c"}, "-", 2, 3))
show(table.concat({"a", "b", "c"}, "-", 3, 2), table.concat({1.5, 2, "x"}, 0))
show(table.concat({"a", "b"}, nil, 1, 2), table.concat({[5] = "five"}, "", 5, 5))
show(pcall(table.concat, {1, {}, 3}))
show(pcall(table.concat, {1, 2}, ",", 1, 3))
show(pcall(table.concat, {true}))
show(pcall(table.concat, {}, {}))
show(pcall(table.concat, "abc"))
show(pcall(table.concat, {}, ",", 1.5))
