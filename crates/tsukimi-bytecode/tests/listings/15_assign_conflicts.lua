local a, b, c
a, a.x = 1, 2
a.x, a = 3, 4
a[b], b = 5, 6
local function f() up1, up2 = 1, 2 end
local u = {}
local function g() u, u.x = 1, 2 end
local function g2() u.x, u = 1, 2 end
a, b, c = c, a, b
a.b.c, a.b = a.b, a.b.c
local t = {}
t[a], t[b], a, b = b, a, t, t
return (f()), f(), ...
