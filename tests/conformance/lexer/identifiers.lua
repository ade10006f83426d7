-- Identifiers: case-sensitive keywords, underscores, digits, very long names.
local And, NIL, End, _ENVx, _1, __ = "And", "NIL", "End", "_ENVx", "_1", "__"
print(And, NIL, End, _ENVx, _1, __)
local long = "v"
for _ = 1, 10 do long = long .. long end
local src = "local " .. long .. " = 42 return " .. long
print(#long, load(src)())
print(load("local x1y2z3 = 1; local X1Y2Z3 = 2; return x1y2z3 + X1Y2Z3")())
local t = {}
t.a = 1; t .b = 2; t. c = 3; t
.d = 4
print(t.a, t.b, t.c, t.d)
print(load("return 1a"))
print(load("local \195\169 = 1"))
print(load("local a-b = 1"))
print(load("local _ = 1; return _")())
print(load("return nil, true, false")())
print(load("local function then_() return 'then_' end return then_()")())
print(load("local whiles = 'whiles' return whiles")())
print(load("local nil_ = 'nil_' return nil_")())
print(load("return And")())
