-- tostring of floats across magnitudes: "%.14g" plus ".0" when the result looks integral.
local line = ""
for k = -20, 20 do
  line = line .. tostring(1.5 * 10.0 ^ k) .. " "
  if k % 5 == 0 then print(line) line = "" end
end
print(line)
line = ""
for k = -10, 70, 4 do line = line .. tostring(2.0 ^ k) .. " " end
print(line)
print(1/3, 2/3, 1/7, 22/7, 1e14 / 3, 1e15 / 3, 1e16 / 3)
print(123456789012345.6, 12345678901234.56, 99999999999999.99, 999999999999999.9)
print(0.1 * 3, 0.7 + 0.1, 4.35 * 100, 1.005 * 1000, 2.675 * 100)
print(1e21, 1e22, 123e-7, 5e-5, 0.00001234, 1.0e-310)
print(-1.5, -1e100, -0.1, -123.0, -2^63, -(2^53 + 1))
print(100000000000000.0, 10000000000000.0, 1e14 + 1, 1e13 + 0.5)
print(3.0, 3.5 - 0.5, 7 / 7, 2^0, 10 // 1.0, 1e2 // 1, -7 // 2.0)
