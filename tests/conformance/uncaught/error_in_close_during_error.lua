-- An uncaught error whose unwinding runs a __close that raises again: the new error wins.
local guard <close> = setmetatable({}, {__close = function(_, err)
  -- err already carries lua.c's traceback (its handler runs before unwinding): show its type.
  print("closing with a", type(err))
  error("raised by __close", 0)
end})
error("original error", 0)
