-- Stack overflow in vararg recursion inside a coroutine: reported at the calling line, as
-- on the main thread, and the coroutine is dead afterwards.
local function deep(n, ...)
  if n == 0 then return select("#", ...) end
  return (deep(n - 1, n, ...))
end
local co = coroutine.create(function() return deep(1e6) end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.wrap(function() return deep(50) end)())
