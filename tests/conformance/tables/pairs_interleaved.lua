-- pairs loops that interleave: the same table nested, two tables nested, and fields cleared
-- or overwritten while traversing. Only counts and sums are printed (the order of pairs is
-- not portable).
local function sparse(n, m)
  local t = {}
  for i = 1, n do t[i * m] = i end
  return t
end
local a, b = sparse(300, 7), sparse(200, 11)
a.name, a[0.5], a[true] = "a", "half", "yes"

-- The same table, nested: every key meets itself once.
local count, sum = 0, 0
for k in pairs(a) do
  for k2 in pairs(a) do
    if k2 == k then count = count + 1 end
  end
  if type(k) == "number" and k ~= 0.5 then sum = sum + k end
end
print(count, sum)

-- Two tables, nested: the inner loop runs to the end for each outer step.
local outer, inner = 0, 0
for k, v in pairs(b) do
  outer = outer + 1
  for k2, v2 in pairs(a) do inner = inner + 1 end
end
print(outer, inner)

-- Clearing and overwriting existing fields while traversing.
local seen, total = 0, 0
for k, v in pairs(b) do
  seen = seen + 1
  total = total + v
  if v % 2 == 0 then b[k] = nil else b[k] = v * 2 end
end
local left, doubled = 0, 0
for k, v in pairs(b) do left = left + 1; doubled = doubled + v end
print(seen, total, left, doubled)

-- next directly, alternating between two tables until both have ended.
local ka, kb, na, nb = nil, nil, 0, 0
local a_done, b_done = false, false
repeat
  if not a_done then
    ka = next(a, ka)
    if ka == nil then a_done = true else na = na + 1 end
  end
  if not b_done then
    kb = next(b, kb)
    if kb == nil then b_done = true else nb = nb + 1 end
  end
until a_done and b_done
print(na, nb)
print(pcall(next, a, "missing"))
