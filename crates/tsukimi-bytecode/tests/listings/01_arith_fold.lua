-- arithmetic with constants, folding and immediates
local a, b = 10, 2.5
local c = 1 + 2 * 3 - 4 / 2
local d = 2^10 + 7 // 2 + 7 % 3 + -(3) + ~5
local e = 1 / 0, 0 / 0, -0.0, 1 // 0, 1 % 0
local f = a + 1, a - 1, a * 2, a / 2, a % 3, a ^ 2, a // 4
local g = 1 + a, 2 * a, 3 - a, 300 + a, a + 300, a - 200, a * 1.5
local h = a & 3, a | 0xff, a ~ 1, 3 & a, a << 2, a >> 3, 1 << a, a << -2, a >> 400
local i = 1.5 & 1, 2.0 | 1, 3 >> 1, 1 << 63, 1 << 64, ~0
local j = -a, ~a, #a, not a, not nil, not 1, - -2
local k = a .. b .. "x" .. 1
local l = (a + b) * (a - b)
return a + b * c - d, e, f, g, h, i, j, k, l, 9007199254740993, 1e308 * 10, -9223372036854775808
