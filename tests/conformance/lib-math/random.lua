-- math.random / math.randomseed: the same xoshiro256** sequence as lua5.4 for a given seed.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(t.n, table.concat(t, " | "))
end

show(math.randomseed(42))
show(math.random(1, 100), math.random(1, 100), math.random(1, 100))
show(math.random(), math.random())
show(math.random(10), math.random(10), math.random(0), math.random(0))
show(math.randomseed(42, 7))
show(math.random(1, 100), math.random(math.mininteger, math.maxinteger))
show(math.randomseed(-1))
show(math.random(3, 3), math.random(-10, -5), math.random(1, 2^53))
for _, seed in ipairs({0, 1, 123456789, math.maxinteger, math.mininteger}) do
  math.randomseed(seed)
  local parts = {}
  for i = 1, 8 do parts[i] = math.random(1000) end
  print(seed, table.concat(parts, " "), math.random())
end
math.randomseed(2024)
local counts = {0, 0, 0, 0, 0, 0}
for _ = 1, 6000 do
  local r = math.random(6)
  counts[r] = counts[r] + 1
end
print(table.concat(counts, " "))
math.randomseed(7)
local lo, hi = 1, 0
for _ = 1, 1000 do
  local r = math.random()
  if r < lo then lo = r end
  if r > hi then hi = r end
end
print(lo >= 0, hi < 1, lo, hi)
math.randomseed(99)
for _ = 1, 5 do io.write(math.random(0, 1), math.random(1, 3), " ") end print()
show(pcall(math.random, 2, 1))
show(pcall(math.random, -5))
show(pcall(math.random, 1, 2, 3))
show(pcall(math.random, 1.5))
show(pcall(math.random, "x"))
show(pcall(math.random, 1, 2.5))
show(pcall(math.randomseed, 1.5))
show(pcall(math.randomseed, "x"))
show(pcall(math.randomseed, 1, {}))
show(math.randomseed(3.0, "4"))
-- math.randomseed() without arguments seeds from the clock: only check the shape
local a, b = math.randomseed()
print(math.type(a), math.type(b))
local r = math.random(5)
print(r >= 1 and r <= 5)
