-- Integer arithmetic wraps around modulo 2^64; floats do not.
local max, min = 0x7fffffffffffffff, -0x7fffffffffffffff - 1
print(max, min, max + 1, min - 1, max + 1 == min, min - 1 == max)
print(max * 2, max * max, min * -1, -min, min // -1, min % -1)
print(max + max, min + min, -max, max - min, min - max, 0 - min)
print(max + 1.0, min - 1.0, max * 2.0, -min + 0.0)
print(1 << 63, (1 << 63) - 1, ~max, ~min, max // 1, max % 2, min % 2)
local x = 1
for _ = 1, 70 do x = x * 2 end
print(x)
local y = 1
for _ = 1, 62 do y = y * 2 end
print(y, y * 2, y * 4, y + y - 1 + y)
local f = 3037000499
print(f * f, (f + 1) * (f + 1), 4294967296 * 4294967296, 4294967296 * 2147483648)
print(max // 3, min // 3, max % 10, min % 10, min // 7, min % -7)
print(-9223372036854775807 - 2, 9223372036854775807 + 9223372036854775807)
local h = 0
for i = 1, 100 do h = h * 31 + i end
print(h)
