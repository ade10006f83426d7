local t = {}
print()
print(1, 2, 3)
print(t.x, t:y(), t[1](2))
t.a.b.c = t.d.e.f
t[1], t[2], t[3] = t[3], t[2], t[1]
local a, b, c = f(), g()
a, b = f()
a, b, c = 1
t.x, t.y = f()
return f(g(h()))
