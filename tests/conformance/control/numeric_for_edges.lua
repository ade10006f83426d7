-- Numeric for near the integer limits, overflow-free iteration counts, and errors.
local function run(a, b, c)
  local out, n = "", 0
  for i = a, b, c or 1 do
    n = n + 1
    if n <= 4 then out = out .. tostring(i) .. " " end
  end
  return n .. ": " .. out
end
local max, min = 0x7fffffffffffffff, -0x7fffffffffffffff - 1
print(run(max - 2, max))
print(run(max - 2, max, 2))
print(run(max, max))
print(run(min, min + 2))
print(run(min + 2, min, -1))
print(run(min, min, -1))
print(run(max - 1, max, max))
print(run(min, max, max))
print(run(max, min, min))
print(run(1, max, max))
print(run(0, max, 0x4000000000000000))
print(run(max - 3, 2^63))
print(run(max - 1, 2^63))
print(run(min + 1, -2^63 - 1e10, -1))
print(run(-1, -2^64, min))
print(run(1, 3.7))
print(run(3, 0.5, -1))
print(run(1, -1/0))
print(run(-3, -1/0, min))
print(run(3, 1/0, max))
local function try(a, b, c)
  print(pcall(function() for _ = a, b, c do end end))
end
try(1, 10, 0)
try(1.0, 10, 0.0)
try(1, 10, -0.0)
try("1", 10, 1)
try(1, "10", 1)
try(1, 10, "1")
try(nil, 10)
try(nil, 10, 1)
try(1, nil, 1)
try(1, false, 1)
try(1, nil)
try(1, 10, {})
try({}, 10, 1)
try(1, 10, nil)
print(pcall(load("for i = 1, 10, 0 do end")))
print(run(1, 0/0))
print(run(1.0, 0/0))
print(run(0/0, 1))
print(run(1, 2, 0/0))
