-- conformance: args one two 3 --flag
-- Script arguments arrive as the main chunk's varargs and in the global `arg`.
print(select("#", ...), ...)
print(#arg, arg[0], arg[1], arg[2], arg[3], arg[4], arg[5])
print(type(arg[3]), type(arg[-1]))
local function count(...) return select("#", ...) end
print(count(...), count(..., "extra"))
local first, second = ...
print(first, second)
