-- resume/yield value passing, status transitions, running, isyieldable
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got2", d, e)
  return "done", 99
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.resume(co, 1, 2, 3))
print(type(co))
print(tostring(co):match("^thread: ") ~= nil)

-- no values, many values
local many = coroutine.create(function(...)
  local n = select("#", ...)
  local t = table.pack(coroutine.yield(n, ...))
  return t.n, table.unpack(t, 1, t.n)
end)
print(coroutine.resume(many))
print(coroutine.resume(many, nil, nil, 3))
local big = {}
for i = 1, 300 do big[i] = i end
local sum = coroutine.wrap(function(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + select(i, ...) end
  local back = {coroutine.yield(s)}
  return #back
end)
print(sum(table.unpack(big)))
print(sum(table.unpack(big)))

-- running / isyieldable
local main, ismain = coroutine.running()
print(type(main), ismain)
print(coroutine.isyieldable())
print(coroutine.status(main))
local inner
inner = coroutine.create(function()
  local me, im = coroutine.running()
  print(me == inner, im)
  print(coroutine.isyieldable())
  print(coroutine.status(me), coroutine.status(main))
end)
coroutine.resume(inner)
print(coroutine.isyieldable(inner), coroutine.isyieldable(main))

-- normal status and resuming a normal/running coroutine
local outer
outer = coroutine.create(function()
  local nested = coroutine.create(function()
    print("outer is", coroutine.status(outer))
    print(coroutine.resume(outer))
    print(coroutine.resume(coroutine.running()))
    coroutine.yield("from nested")
  end)
  print(coroutine.resume(nested))
  print(coroutine.status(nested))
  return "outer done"
end)
print(coroutine.resume(outer))
print(coroutine.status(outer))

-- threads as table keys and values
local set = {}
local c1, c2 = coroutine.create(print), coroutine.create(print)
set[c1] = "one"
set[c2] = "two"
print(set[c1], set[c2], set[coroutine.running()])
set[coroutine.running()] = "main"
print(set[coroutine.running()], rawequal(c1, c1), c1 == c2)
local n = 0
for k, v in pairs(set) do n = n + 1 end
print(n)
