local x = 2^-3^2 + -x^2 .. a .. b .. c
local y = not a == b and 1 + 2 << 3 & 4 | 5 ~ 6 or 7 // 8 % 9 / 10 >> 1
local z = ~x ~= #t and a <= b and a >= b and a < b and a > b
