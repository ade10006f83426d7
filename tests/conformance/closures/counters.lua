-- Closures keep their own upvalues; each call of the factory makes fresh ones.
local function counter(start, step)
  local n = start
  return function() n = n + step return n end
end
local a, b = counter(0, 1), counter(100, -10)
print(a(), a(), b(), a(), b(), b())
local c = counter(0, 0.5)
print(c(), c(), c())
local function make_pair()
  local value = 0
  local function get() return value end
  local function set(v) value = v end
  return get, set
end
local get1, set1 = make_pair()
local get2, set2 = make_pair()
set1(10); set2(20)
print(get1(), get2())
set1(get2() + 1)
print(get1(), get2())
local function accumulate()
  local total = 0
  return function(...)
    for i = 1, select("#", ...) do total = total + select(i, ...) end
    return total
  end
end
local acc = accumulate()
print(acc(1, 2, 3), acc(), acc(10))
local x = 1
local function read_x() return x end
x = 2
print(read_x())
x = nil
print(read_x())
