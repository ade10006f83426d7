-- __eq, __lt, __le: when they are consulted and how their results are converted.
local calls = 0
local E = {__eq = function(a, b) calls = calls + 1 return a.v == b.v end}
local function e(v) return setmetatable({v = v}, E) end
local x, y, z = e(1), e(1), e(2)
print(x == y, x == z, x ~= y, x ~= z, calls)
print(x == x, calls)
print(x == 1, 1 == x, x == "1", x == nil, calls)
local other = setmetatable({v = 1}, {__eq = function() return "truthy" end})
print(x == other, other == x, calls)
local plain = {v = 1}
print(x == plain, plain == x, calls)
print(rawequal(x, y))
local L = {}
L.__lt = function(a, b) return (type(a) == "table" and a.v or a) < (type(b) == "table" and b.v or b) end
L.__le = function(a, b) return (type(a) == "table" and a.v or a) <= (type(b) == "table" and b.v or b) end
local function l(v) return setmetatable({v = v}, L) end
local a, b = l(1), l(2)
print(a < b, a > b, a <= b, a >= b, b < a, a <= a)
print(a < 5, 5 < a, a <= 1, 0 >= a)
print(pcall(function() return "x" < b end))
local only_lt = setmetatable({}, {__lt = function() return true end})
print(pcall(function() return only_lt < only_lt end))
print(pcall(function() return only_lt <= only_lt end))
print(pcall(function() return only_lt > 1 end))
local R = {__lt = function() return 1 end, __le = function() return nil end}
local r = setmetatable({}, R)
print(r < r, r <= r, r > r, r >= r, not (r < r))
print(pcall(function() return {} < {} end))
print(pcall(function() return {} <= 1 end))
local mixed_mt = setmetatable({}, {__lt = function(p, q) return type(p) .. "<" .. type(q) end})
print(mixed_mt < 1, 1 < mixed_mt, pcall(function() return mixed_mt < "s" end))
local eq_args
local eq_probe = {__eq = function(...) eq_args = select("#", ...) return false end}
local p1, p2 = setmetatable({}, eq_probe), setmetatable({}, eq_probe)
print(p1 == p2, eq_args, p1 ~= p2)
local first_wins = setmetatable({}, {__eq = function() return "first" == "first" end})
local second = setmetatable({}, {__eq = function() return false end})
print(first_wins == second, second == first_wins)
