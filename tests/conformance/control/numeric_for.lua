-- Numeric for: integer and float loops, negative steps, evaluation once, loop var copy.
local function run(a, b, c)
  local out = ""
  if c then
    for i = a, b, c do out = out .. tostring(i) .. " " end
  else
    for i = a, b do out = out .. tostring(i) .. " " end
  end
  return out
end
print(run(1, 5))
print(run(1, 5, 2))
print(run(5, 1))
print(run(5, 1, -1))
print(run(5, 1, -2))
print(run(1, 1))
print(run(1.0, 3))
print(run(1, 3.0))
print(run(1, 2, 0.5))
print(run(0.1, 0.5, 0.1))
print(run(1, 0, 1))
print(run(-3, 3, 3))
print(run(3, -3, -3))
print(run(1, 3.5))
print(run(1, -1.5, -1))
print(run(1.5, 4))
print(run(1, 2, 1/0))
print(run(2, 1, -1/0))
local calls = 0
local function limit() calls = calls + 1 return 3 end
for _ = 1, limit() do end
print("limit evaluated", calls)
for i = 1, 3 do
  local j = i
  i = i * 10
  print("body sees", j, i)
end
local last
for i = 1, 3 do last = i end
print(last)
local sum = 0
for i = 100, 1, -1 do sum = sum + i end
print(sum)
for i = 3, 1 do print("never", i) end
local fsum = 0
for x = 0, 1, 0.25 do fsum = fsum + x end
print(fsum)
