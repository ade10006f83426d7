-- upvalues shared between threads: a coroutine's closures capture the main thread's
-- locals, closures made inside a coroutine escape while it is suspended
local count = 0
local co = coroutine.wrap(function()
  while true do
    count = count + 1
    coroutine.yield(count)
  end
end)
co(); co(); co()
print(count)
count = 10
print(co(), count)

local function counter()
  return coroutine.wrap(function()
    local x = 0
    while true do
      coroutine.yield(function(d) x = x + (d or 1); return x end)
      x = x * 100
    end
  end)
end
local g = counter()
local f = g()
print(f(), f(), f(5))
local f2 = g()
print(f2(), f())

-- a closure made in a coroutine that then dies keeps the value
local last
local co2 = coroutine.create(function()
  local v = "inside"
  last = function() return v end
  coroutine.yield()
  v = "changed"
end)
coroutine.resume(co2)
print(last())
coroutine.resume(co2)
print(last())

-- a closure made in a coroutine that errors
local keep
local co3 = coroutine.create(function()
  local v = 1
  keep = function() v = v + 1; return v end
  keep()
  error("stop")
end)
print(coroutine.resume(co3))
print(keep(), keep())

-- nested coroutines reaching each other's locals
local outer_val = 0
local outer = coroutine.wrap(function()
  local mine = 1
  local inner = coroutine.wrap(function()
    while true do
      mine = mine * 2
      outer_val = outer_val + mine
      coroutine.yield(mine)
    end
  end)
  while true do
    coroutine.yield(inner() + mine)
  end
end)
print(outer(), outer(), outer(), outer_val)
