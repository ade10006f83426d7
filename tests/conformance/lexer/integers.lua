-- Integer literals: decimal, hex, overflow to float (decimal) and wrap-around (hex).
print(0, 1, 123, 007, 0x10, 0XfF, 0xA, 0x0)
print(9007199254740993, 9007199254740992)
print(9223372036854775807)
print(9223372036854775808)
print(-9223372036854775808)
print(-9223372036854775807 - 1)
print(18446744073709551615)
print(100000000000000000000)
print(0xffffffffffffffff)
print(0x7fffffffffffffff)
print(0x8000000000000000)
print(0x10000000000000000)
print(0x1ffffffffffffffff)
print(0xdeadbeef, 0XDEADBEEF, 0xDeAdBeEf)
print(tostring(1), tostring(0x1), tostring(1.0))
print(1 == 1.0, 0x10 == 16, 9223372036854775808 == 2^63)
for _, src in ipairs({"0", "00", "0x0", "0X00", "1234567890", "9223372036854775807",
                      "9223372036854775808", "0xfFfFfFfFfFfFfFfF", "0x123456789abcdef0",
                      "  42  ", "0x00000000000000000001"}) do
  print(src, load("return " .. src)())
end
