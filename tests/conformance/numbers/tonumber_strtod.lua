-- String to float conversion is C's strtod: correctly rounded whatever the digit count,
-- exponents of any size.
local function rep(s, n)
  local r = ""
  for _ = 1, n do r = r .. s end
  return r
end
print(tonumber("0x1" .. rep("0", 300) .. "p-1200"))
print(tonumber("0x" .. rep("f", 40)))
print(tonumber("0x" .. rep("f", 40) .. ".8"))
print(tonumber("0x." .. rep("0", 280) .. "1p1120"))
print(tonumber("0x1p99999999999999999999"), tonumber("0x1p-99999999999999999999"))
print(tonumber("-0x1.fffffffffffff8p1023"), tonumber("0x1.fffffffffffff7p1023"))
print(tonumber("0x1P-1074"), tonumber("0x1P-1075"), tonumber("0x1.8P-1074"))
print(tonumber("0x1.00000000000008p0") == 1.0, tonumber("0x1.000000000000080001p0") > 1.0)
print(tonumber("1" .. rep("0", 400) .. "e-400"))
print(tonumber("0." .. rep("0", 400) .. "1e401"))
print(tonumber("+-1"), tonumber("0x1p"), tonumber("1e+"), tonumber(" 0x.8p1 "))
print(("0x1" .. rep("0", 300) .. "p-1200") + 0)
