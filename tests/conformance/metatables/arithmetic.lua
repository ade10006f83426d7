-- Arithmetic metamethods: which operand is asked, mixed operands, all operators.
local Vmeta = {}
local function V(n) return setmetatable({n = n}, Vmeta) end
local function val(x) return type(x) == "table" and x.n or x end
local events = {"__add", "__sub", "__mul", "__div", "__mod", "__pow", "__idiv", "__unm"}
for _, event in ipairs(events) do
  Vmeta[event] = function(a, b) return event .. "(" .. tostring(val(a)) .. "," .. tostring(val(b)) .. ")" end
end
local a, b = V(1), V(2)
print(a + b, a - b, a * b, a / b, a % b, a ^ b, a // b, -a)
print(a + 10, 10 + a, a - 1.5, "3" * a, a / "x", 2 ^ a, a // 0, 0 % a)
local Left = setmetatable({}, {__add = function() return "left" end})
local Right = setmetatable({}, {__add = function() return "right" end})
print(Left + Right, Right + Left, Left + 1, 1 + Right)
local only_right = setmetatable({}, {__sub = function(x, y) return type(x) .. "-" .. type(y) end})
print({} - only_right, only_right - {}, 5 - only_right, only_right - nil)
local function try(f)
  local ok, err = pcall(f)
  print(ok, err)
end
try(function() return {} + 1 end)
try(function() return 1 + {} end)
try(function() local t = {} return t * 2 end)
try(function() return -{} end)
try(function() return setmetatable({}, {__add = "not a function"}) + 1 end)
try(function() return a + nil end)
local with_index = setmetatable({}, {__index = {__add = function() return "inherited?" end}})
try(function() return with_index + 1 end)
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
Vec.__add = function(p, q) return vec(p.x + q.x, p.y + q.y) end
Vec.__mul = function(p, k)
  if type(p) == "number" then p, k = k, p end
  return vec(p.x * k, p.y * k)
end
Vec.__unm = function(p) return vec(-p.x, -p.y) end
local v = (vec(1, 2) + vec(3, 4)) * 2
local w = 3 * -v
print(v.x, v.y, w.x, w.y)
local unm_args = setmetatable({}, {__unm = function(...) return select("#", ...), (select(2, ...)) end})
print(-unm_args)
local results = setmetatable({}, {__add = function() return 1, 2, 3 end})
print(results + 1, (results + 1))
local falsy = setmetatable({}, {__add = function() return nil end, __mul = function() return false end})
print(falsy + 1, falsy * 1)
