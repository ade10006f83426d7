-- Varargs: `...`, select('#'), select with positive and negative indices, adjustment.
local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil), count(...))
local function pass(...) return ... end
print(pass(1, 2, 3))
print(pass())
print((pass(1, 2, 3)))
print(select(1, "a", "b", "c"))
print(select(2, "a", "b", "c"))
print(select(3, "a", "b", "c"))
print(select(4, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(select("#"))
print(select(2.0, "a", "b"))
print(pcall(select, 0, "a"))
print(pcall(select, -4, "a", "b", "c"))
print(pcall(select, "x"))
print(pcall(select, 1.5, "a"))
print(pcall(select))
local function first_and_rest(first, ...)
  return first, select("#", ...), ...
end
print(first_and_rest())
print(first_and_rest(1))
print(first_and_rest(1, 2, 3))
local function in_table(...)
  local t = {...}
  local packed = {n = select("#", ...), ...}
  return #t, packed.n
end
print(in_table(1, 2, nil))
print(in_table(nil, nil, nil))
local function locals_from_varargs(...)
  local a, b, c = ...
  return a, b, c
end
print(locals_from_varargs(1))
print(locals_from_varargs(1, 2, 3, 4))
local function nested(...)
  local function inner(...) return select("#", ...), ... end
  return inner(..., "tail"), inner(...)
end
print(nested(1, 2))
print(count(pass(1, 2), pass(3, 4)))
print(count(pass(1, 2), (pass(3, 4))))
local many = {}
for i = 1, 250 do many[i] = i end
local function unpack_list(t, i, n)
  if i > n then return end
  return t[i], unpack_list(t, i + 1, n)
end
print(count(unpack_list(many, 1, 250)), select(-1, unpack_list(many, 1, 250)))
print(select(200, unpack_list(many, 1, 250)))
