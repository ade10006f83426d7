-- A coroutine recursing deep and yielding from the bottom, resumed several times: its
-- frame list grows while it is suspended and resumed, and the main thread's frames wait
-- in the middle of a CALL meanwhile.

local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end

-- A coroutine recursing deep and yielding from the bottom, resumed several times.
local co = coroutine.wrap(function(n)
  local function down(k)
    if k == 0 then
      local got = coroutine.yield("at bottom")
      return got
    end
    return down(k - 1) + 1
  end
  local first = down(n)
  local second = down(n * 2)
  return first + second
end)
print("co", co(3000))
print("co", co(10))
print("co", co(20))


-- Several coroutines, each deep, resumed in turn.
local cos = {}
for i = 1, 4 do
  cos[i] = coroutine.create(function()
    local function down(k)
      if k == 0 then return coroutine.yield(i) end
      return down(k - 1) + 1
    end
    return down(1000 * i) + depth(500)
  end)
end
for round = 1, 2 do
  for i = 1, 4 do
    print("resume", round, i, coroutine.resume(cos[i], 100 * i))
  end
end
