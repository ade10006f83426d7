-- coroutine.close: pending to-be-closed variables, errors, statuses
local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end

local co = coroutine.create(function()
  local a <close> = closer("a")
  local b <close> = closer("b")
  coroutine.yield(1)
  print("not reached")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.close(co))

-- closing a coroutine that never started or already finished
print(coroutine.close(coroutine.create(print)))
local done = coroutine.create(function() return 1 end)
coroutine.resume(done)
print(coroutine.close(done))

-- closing a coroutine that died by an error: the error comes back, closers see it
local bad = coroutine.create(function()
  local x <close> = closer("x")
  error("failure")
end)
print(coroutine.resume(bad))
print(coroutine.close(bad))
print(coroutine.close(bad))

-- a failing __close replaces the result
local co2 = coroutine.create(function()
  local y <close> = setmetatable({}, {__close = function() error("close failed") end})
  local z <close> = closer("z")
  coroutine.yield()
end)
coroutine.resume(co2)
print(coroutine.close(co2))

-- wrap closes a failed coroutine before propagating the error
local w = coroutine.wrap(function()
  local v <close> = closer("v")
  error("wrapped failure")
end)
print(pcall(w))

-- closing the running coroutine or a normal one is an error
print(pcall(coroutine.close, coroutine.running()))
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function()
    print(pcall(coroutine.close, outer))
  end)
  coroutine.resume(inner)
  print(pcall(coroutine.close, coroutine.running()))
end)
coroutine.resume(outer)

-- generic for with a closing value inside a coroutine, broken out of by close
local co3 = coroutine.create(function()
  for i in function(_, i) if i < 3 then return i + 1 end end, nil, 0, closer("loop") do
    coroutine.yield(i)
  end
end)
print(coroutine.resume(co3))
print(coroutine.resume(co3))
print(coroutine.close(co3))
