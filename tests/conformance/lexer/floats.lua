-- Float literals: fraction, exponent, hex floats with binary exponents.
print(3.0, 3., .5, 0.5e1, 5e-1, 5E+2, 5e0, 1e1, 1E-0)
print(1e308, 1e309, -1e309, 2e-324, 5e-324, 4.9e-324)
print(0x1p4, 0x.8p1, 0x1.8, 0xA.8p0, 0x1P-2, 0x.1p4, 0x1p+4, 0X1P0)
print(0x1.fffffffffffffp1023, 0x1p-1074, 0x1p1024)
print(0xA., 0x.A, 0x0.1, 0x1e, 0x1E2)
print(123.456e2, 1.5e300 * 1e10, 0.1 + 0.2)
print(1e15, 1e16, 1e100, 0.1, 123456789012.0)
print(3.14159265358979, 2.5, -2.5, 100.0, 1e-5, 1.5e-7)
for _, src in ipairs({"1.", ".1", "1.e2", "1e+2", "1E-2", "0x.p1", "0x1p", "0x1.p",
                      "3.0e0", "0x1.0p0", "1e", "1e+", ".e1", "0x", "0xg", "1..2",
                      "1.2.3", "08", "0x1p1e", "0x1e+1", "1e1.5", "0x1P+", "1f", "3e2x"}) do
  local f, err = load("return " .. src, "=lit")
  if f then print(src, "->", f()) else print(src, "error:", err) end
end
