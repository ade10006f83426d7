-- A coroutine's open upvalues stay right while its own stack grows (and moves): closures
-- made inside it are read and written from the main thread between deep recursions.
local function deep(n, ...)
  if n == 0 then return select("#", ...) end
  return (deep(n - 1, n, ...))
end
local get, set
local co = coroutine.create(function()
  local v = "start"
  get = function() return v end
  set = function(x) v = x end
  coroutine.yield()
  local d = deep(300)
  coroutine.yield(d, v)
  d = deep(900)
  v = v .. "+" .. d
  coroutine.yield(v)
  return v
end)
coroutine.resume(co)
print(get())
set("from main")
print(coroutine.resume(co))
print(get())
set("again")
print(coroutine.resume(co))
print(get(), coroutine.resume(co))
print(coroutine.status(co), get())
set("closed")
print(get())
