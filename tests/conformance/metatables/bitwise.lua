-- Bitwise metamethods and their interaction with non-integral numbers.
local B = {}
local function b(n) return setmetatable({n = n}, B) end
local function val(x) return type(x) == "table" and x.n or x end
for _, event in ipairs({"__band", "__bor", "__bxor", "__shl", "__shr", "__bnot"}) do
  B[event] = function(x, y) return event .. "(" .. tostring(val(x)) .. "," .. tostring(val(y)) .. ")" end
end
local x, y = b(12), b(10)
print(x & y, x | y, x ~ y, x << y, x >> y, ~x)
print(x & 1, 1 | x, x ~ 2.5, 1.5 << x, x >> "s", "s" & x)
local function try(f)
  local ok, err = pcall(f)
  print(ok, err)
end
try(function() return 1.5 & {} end)
try(function() return {} & 1.5 end)
try(function() return 1.5 & 1 end)
try(function() return "a" | 1 end)
try(function() return ~{} end)
local only_band = setmetatable({}, {__band = function() return "band" end})
try(function() return only_band | 1 end)
try(function() return only_band & 1 end)
local bnot_args = setmetatable({}, {__bnot = function(...) return select("#", ...) end})
print(~bnot_args)
local str_with_mt = setmetatable({}, {__shl = function(a, c) return type(a) .. "<<" .. type(c) end})
print(1 << str_with_mt, str_with_mt << 1, "x" << str_with_mt)
