-- generator patterns: wrap in for loops, producers/consumers, permutations
local function range(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local t = {}
for i in range(5) do t[#t + 1] = i end
print(table.concat(t, " "))

local function permgen(a, n)
  n = n or #a
  if n <= 1 then
    coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local function permutations(a)
  return coroutine.wrap(function() permgen(a) end)
end
for p in permutations({"a", "b", "c"}) do
  print(table.concat(p, ""))
end

-- producer / filter / consumer
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({"alpha", "beta", "gamma", "delta"}) do
      coroutine.yield(w)
    end
  end)
end
local function filter(prod)
  return coroutine.create(function()
    local line = 1
    while true do
      local ok, x = coroutine.resume(prod)
      if not x then break end
      coroutine.yield(string.format("%5d %s", line, x))
      line = line + 1
    end
  end)
end
local function consumer(prod)
  while true do
    local _, x = coroutine.resume(prod)
    if not x then break end
    print(x)
  end
end
consumer(filter(producer()))

-- many coroutines alive at once
local cos = {}
for i = 1, 1000 do
  cos[i] = coroutine.create(function(x)
    local y = coroutine.yield(x * 2)
    return x + y
  end)
end
local total = 0
for i = 1, 1000 do
  local _, v = coroutine.resume(cos[i], i)
  total = total + v
end
for i = 1, 1000 do
  local _, v = coroutine.resume(cos[i], 1)
  total = total + v
end
print(total)

-- a long generator
local n = 0
for v in range(100000) do n = n + v end
print(n)
