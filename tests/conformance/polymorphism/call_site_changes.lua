-- Call sites whose callee changes: redefined globals, swapped methods, callable tables.
function target(x) return x + 1 end
local function caller(x) return target(x) end
local s = 0
for i = 1, 1000 do s = s + caller(i) end
print(s)
function target(x) return x * 2 end
print(caller(10))
target = setmetatable({}, {__call = function(_, x) return "callable " .. x end})
print(caller(5))
target = nil
print(pcall(caller, 1))
local obj = {}
function obj:value() return 1 end
local function use(o) return o:value() end
local total = 0
for i = 1, 1000 do
  if i == 600 then function obj:value() return 100 end end
  total = total + use(obj)
end
print(total)
local funcs = {function() return "a" end, function() return "b" end, function() return "c" end}
local seq = ""
for i = 1, 30 do seq = seq .. funcs[i % 3 + 1]() end
print(seq)
local function variadic(...) return select("#", ...) end
local function fixed(a, b) return a end
local function dispatch(f, ...) return f(...) end
local c = 0
for i = 1, 500 do c = c + dispatch(variadic, i, i) + dispatch(fixed, i) end
print(c, dispatch(function(...) return ... end, 1, 2, 3))
local function recursive(n) if n == 0 then return 0 end return 1 + recursive(n - 1) end
local saved = recursive
local r = 0
for _ = 1, 100 do r = r + recursive(50) end
recursive = function() return -1000 end
print(r, saved(3))
