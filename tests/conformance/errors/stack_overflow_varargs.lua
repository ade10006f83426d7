-- Stack overflow in recursion whose calls grow their varargs: the stack is checked for the
-- callee's frame above all of its arguments (`top + maxstacksize`, as luaD_precall does), so
-- the error names the calling line, not the vararg function's header.
local function deep(n, ...)
  if n == 0 then return select("#", ...) end
  return (deep(n - 1, n, ...))
end
print(pcall(deep, 1e6))

-- Fixed parameters, for comparison: the check is the same.
local function fixed(n, a, b, c)
  if n == 0 then return a end
  return (fixed(n - 1, b, c, a)) + 0
end
print(pcall(fixed, 1e7, 1, 2, 3))

-- After the overflow the state is usable again, at full depth.
print(deep(100))
