-- tonumber with and without a base, on well-formed and odd inputs.
local inputs = {"10", " 10 ", "10 ", "\t10\n", "0x10", "0X1F", "-0x10", "+5", "- 5",
  "1e2", "1E-2", ".5", "5.", "0x.8", "0x1p4", "1e", "abc", "", " ", "0x", "1 2",
  "10\0", "inf", "nan", "-inf", "9223372036854775807", "9223372036854775808",
  "-9223372036854775808", "0xffffffffffffffff", "1" .. "0", "00012", "0b101", "1_000",
  "\v12\f", "0x1P-1", "1e400", "-1e400", "0e0", "-0", "-0.0", "0x-1"}
for _, s in ipairs(inputs) do
  local n = tonumber(s)
  print(s, n, n and tostring(n) or "-")
end
print(tonumber(10), tonumber(1.5), tonumber(-0.0), tonumber(nil), tonumber(true), tonumber({}))
print(pcall(tonumber))
print(tonumber("ff", 16), tonumber("FF", 16), tonumber("zz", 36), tonumber("ZZ", 36), tonumber("10", 2))
print(tonumber("777", 8), tonumber("8", 8), tonumber("  11  ", 2), tonumber("-11", 2), tonumber("+11", 3))
print(tonumber("1.5", 10), tonumber("0x10", 16), tonumber("10", 10), tonumber("", 10), tonumber(" ", 16))
print(tonumber("7fffffffffffffff", 16), tonumber("8000000000000000", 16), tonumber("ffffffffffffffff", 16))
print(tonumber("10000000000000000", 16), tonumber("zzzzzzzzzzzzzz", 36), tonumber("1" .. "0", 36))
print(tonumber("1e1", 16), tonumber("1 1", 10), tonumber("1\0", 10), tonumber("Z", 35), tonumber("z", 36))
print(pcall(tonumber, "10", 1))
print(pcall(tonumber, "10", 37))
print(pcall(tonumber, 10, 16))
print(pcall(tonumber, "10", 2.5))
print(pcall(tonumber, "10", "16"))
print(pcall(tonumber, "10", {}))
print(pcall(tonumber, nil, 10))
print(tonumber("10", 16.0), tonumber(" -ff ", 16), tonumber("-", 10), tonumber("1", 2))
