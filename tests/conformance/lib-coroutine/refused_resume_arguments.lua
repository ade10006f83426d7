-- A refused resume (a coroutine resuming itself, or a dead one) drops its arguments: they
-- must not reappear as the results of the next transfer.
print(pcall(coroutine.wrap(function() return coroutine.resume(coroutine.running()) end)))
print(coroutine.wrap(function() return 1, coroutine.resume(coroutine.running(), 5, 6) end)())
print(select('#', coroutine.wrap(function() coroutine.resume(coroutine.running(), "stale") end)()))
local co = coroutine.create(function(...)
  coroutine.resume(coroutine.running(), "a", "b")
  return select('#', coroutine.yield("y")), ...
end)
print(coroutine.resume(co, "arg"))
print(coroutine.resume(co))
print(coroutine.resume(co, "dead", "args"))
local dead = coroutine.wrap(function() end)
dead()
print(pcall(dead, 1, 2))
print(coroutine.wrap(function() return "fresh" end)())
