-- Long loops in the main chunk whose live values change type part-way (loop entry points
-- in compiled code must check the types of what they load).
local acc, flt, str, tbl = 0, 0, "", {n = 0}
for i = 1, 200000 do
  acc = acc + i
  if i == 150000 then flt = 0.5 end
  flt = flt + 1
  if i % 50000 == 0 then str = str .. i .. ";" end
  if i == 100000 then tbl = setmetatable({n = 0}, {__index = {bonus = 1}}) end
  tbl.n = tbl.n + (tbl.bonus or 0)
end
print(acc, flt, str, tbl.n)
local x = 0
local i = 0
while i < 100000 do
  i = i + 1
  if i == 99990 then x = x + 0.0 end
  x = x + 2
end
print(x, i)
local outer_hits = 0
for a = 1, 300 do
  for b = 1, 300 do
    if b > a then break end
    outer_hits = outer_hits + 1
  end
end
print(outer_hits)
local v = 1
repeat v = v * 3 % 1000003 until v == 1 or v == 2
print(v)
local maybe = 0
for k = 1, 100000 do
  if k == 60000 then maybe = "s" end
  if type(maybe) == "number" then maybe = maybe + 1 end
end
print(maybe)
