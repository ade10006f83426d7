-- Names, keywords as field keys, and tokens that are easy to mis-lex.
local _ = 1
local _x1, X_2, abc_DEF_123 = 1, 2, 3
print(_, _x1, X_2, abc_DEF_123)
local t = {}
t["end"], t["while"], t["goto"], t["nil"] = 1, 2, 3, 4
print(t["end"], t["while"], t["goto"], t["nil"])
print(1 .. 2, 1 ..2, 10//3, 2^-1, 5%-3, - -3, not not nil, #"abc")
print(1--[[c]]-1, 3 - -3, 7 // 2 // 2, 2 ^ 3 ^ 2, 1<2, 1<=1, 2>1, 2>=3, 1~=2, 1==1)
print(5 & 3, 5 | 3, 5 ~ 3, ~5, 1 << 4, 256 >> 4, ~~7)
local a <const> = 10
local b <close> = nil
print(a, b)
print(load("return 0x1p4..'x'") and "concat after hex float parses" or "no")
print(load("return 1..2"))
print(load("return a.b.c") ~= nil, load("return a:b()") ~= nil, load("goto x ::x::") ~= nil)
print(load("local x <const> = 1 return x")())
print(type(load("return ...")), load("return ...")(1, 2, 3))
print(load("return 1 ~= 2, 1 ~ 2, ~1")())
print(load("return 2//1, 2/ /1"))
print(load("return @"))
print(load("return $"))
print(load("x = 1 ; ; ; return x")())
