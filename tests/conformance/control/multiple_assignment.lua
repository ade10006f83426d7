-- Multiple assignment evaluates every expression before assigning anything.
local a, b = 1, 2
a, b = b, a
print(a, b)
local t = {10, 20, 30}
t[1], t[3] = t[3], t[1]
print(t[1], t[2], t[3])
local i = 3
local arr = {}
i, arr[i] = i + 1, 20
print(i, arr[3], arr[4])
local x, y, z = 1
print(x, y, z)
x, y = 1, 2, 3
print(x, y)
local function two() return "p", "q" end
local p, q, r = two()
print(p, q, r)
p, q, r = two(), "z"
print(p, q, r)
local calls = ""
local function mark(v) calls = calls .. v return v end
local m1, m2, m3 = mark("a"), mark("b"), mark("c")
print(calls, m1, m2, m3)
local u = {}
u.x, u.y, u.x = 1, 2, 3
print(u.y, u.x == 1 or u.x == 3)
local n1, n2 = 0, 0
n1, n2 = n2 + 1, n1 + 1
print(n1, n2)
local s = setmetatable({}, {__newindex = function(tbl, k, v) rawset(tbl, k, v * 100) end})
s.a, s.b = 1, 2
print(s.a, s.b)
local g1, g2
g1, g2 = (function() return 1, 2 end)()
print(g1, g2)
