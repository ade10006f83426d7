local x
local y, z
local a, b, c = 1, 2
local d = 1, 2, 3
local e, f = print("hi")
local g <const> = 42
local s <const> = "str"
local t <const> = {}
gx = g + 1
gy = s .. "!"
print(x, y, z, a, b, c, d, e, f, t)
local function h() return g, s end
x, y = y, x
local p, q
p.a, q.b, p = 1, 2, 3
a, b.c = b, a
local _ENV = {print = print}
print(undefined)
