-- coroutines and the collector: abandoned suspended coroutines, values only on a
-- coroutine's stack, weak tables holding threads
local live = {}
for i = 1, 200 do
  local co = coroutine.create(function(x)
    local t = {value = x}
    coroutine.yield()
    return t.value
  end)
  coroutine.resume(co, i)
  if i % 2 == 0 then live[#live + 1] = co end
end
collectgarbage()
collectgarbage()
local sum = 0
for _, co in ipairs(live) do
  local ok, v = coroutine.resume(co)
  sum = sum + v
end
print(sum)

-- values reachable only from a suspended coroutine's stack survive
local co = coroutine.wrap(function()
  local keep = {}
  for i = 1, 100 do keep[i] = {i} end
  coroutine.yield()
  collectgarbage()
  local s = 0
  for i = 1, 100 do s = s + keep[i][1] end
  coroutine.yield(s)
end)
co()
collectgarbage()
print(co())

-- weak table of threads
local weak = setmetatable({}, {__mode = "k"})
do
  local c = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(c)
  weak[c] = true
end
collectgarbage()
collectgarbage()
local n = 0
for _ in pairs(weak) do n = n + 1 end
print(n)

-- a garbage coroutine's pending __close is not run; finalizers of its values still are
do
  local c = coroutine.create(function()
    local obj = setmetatable({}, {__gc = function() print("finalized") end})
    coroutine.yield(obj ~= nil)
  end)
  print(coroutine.resume(c))
end
collectgarbage()
collectgarbage()
print("end")
