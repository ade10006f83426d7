-- Generates tests/data/format.txt: lua5.4 tests/gen/format.lua > tests/data/format.txt
-- Each line: format string, arguments (values joined by '|'), expected result.
package.path = "tests/gen/?.lua;" .. package.path
local C = require("common")

local function case(fmt, ...)
  local args = {}
  for i = 1, select("#", ...) do args[i] = C.val((select(i, ...))) end
  C.line{C.enc(fmt), table.concat(args, "|"), C.result(pcall(string.format, fmt, ...))}
end

local ints = {0, 1, -1, 7, 42, -42, 255, 4096, 1234567, -987654321, math.maxinteger, math.mininteger}
local intmods = {"", "-8", "+", " ", "#", "08", "-08", "+08", "#08", ".0", ".3", "8.3", "-8.3",
  "+.12", "#.0", "020", " 5", "+ 5", "#12", "0.5", "99", ".99", "- 7", "#-10.4"}
for _, conv in ipairs{"d", "i", "u", "o", "x", "X"} do
  for _, m in ipairs(intmods) do
    for _, v in ipairs(ints) do case("%" .. m .. conv, v) end
  end
end
for _, m in ipairs{"", "-3", "3", "03", ".1", "#", "+"} do
  for _, v in ipairs{0, 65, 255, 256 + 66, -1, 10} do case("[%" .. m .. "c]", v) end
end

local nan = 0/0
local floats = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.1, 1/3, -2/3, 1e20, 1e-5, 123456789.125,
  1e308, -1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1e100,
  1/0, -1/0, nan, -nan, 9.5, 0.05, 999999.5, 0.000123456, 1e15, 1e16, 3.141592653589793, 100, 1e-10,
  0.125, 1e21, 123.456, 0.00001, 99999.95, 2^53, 2^63, 1e-320}
local floatmods = {"", "-12", "+", " ", "#", "012", "-#12", "+012", "# 15", "30", ".0", ".1",
  ".3", ".10", ".17", "#.0", "+.3", "-20.5", "020.3", " .8", ".99", "#.3", "99.2", "-+ #015.4"}
for _, conv in ipairs{"a", "A", "e", "E", "f", "F", "g", "G"} do
  for _, m in ipairs(floatmods) do
    for _, v in ipairs(floats) do case("%" .. m .. conv, v) end
  end
end
-- glibc's %#g quirk when rounding carries into a new digit
for _, f in ipairs{"%#g", "%#.3g", "%#.1g", "%#.2g", "%g", "%#.10g", "%#.0g", "%.3g", "%#G"} do
  for _, v in ipairs{999999.5, 9.9999995, 99.96, 0.99996, 9.5, 0.000099996, 99999.95, 999.96,
                     9999999999.5, 1e-5 * 0.99999995, 0.95, 9.96e-5, 1e23, 9.9999e22} do
    case(f, v)
  end
end
for _, v in ipairs{1, -3, 2^63, 7.5} do case("%5.1f|%d|%g", v, 3, v) end

local strings = {"", "abc", "hello world", string.rep("x", 120), "a\0b", "\xff\xfe"}
for _, m in ipairs{"", "5", "-5", ".2", "5.2", "-10.0", ".0", "99", ".99", "-", "20"} do
  for _, s in ipairs(strings) do case("[%" .. m .. "s]", s) end
end
for _, v in ipairs{1, 2.5, true, false} do case("%s|%10s", v, v) end

local qstrings = {"", "plain", "a\nb", "tab\there", "q\"uote\\", "\0", "\0001", "\r\n", "\1272", "\127x",
  "\200\255", "\31\0329"}
local all = {}
for b = 0, 255 do all[#all + 1] = string.char(b) end
qstrings[#qstrings + 1] = table.concat(all)
for _, s in ipairs(qstrings) do case("%q", s) end
for _, v in ipairs(ints) do case("%q", v) end
for _, v in ipairs(floats) do case("%q", v) end
case("%q", nil) case("%q", true) case("%q", false)
case("%p", nil) case("%p", 1) case("%10p|", 2.5) case("%-10p|", true)

-- errors
case("%10.123d", 1) case("%123d", 1) case("%-+ #0d", 1) case("%y", 1) case("%#d", 1)
case("%010s", "a") case("%5q", "a") case("%ld", 1) case("%", 1) case("%d") case("%0100d", 1)
case("%5s", "a\0b") case("%.3p", 1) case("%05s", "a") case("%+x", 1) case("% u", 1)
case("%0c", 65) case("%.1c", 65) case("%10.3q", "x") case("%q") case("%%%d") case("%d%", 1)
case("%10.5%", 1) case("%" .. string.rep("-", 21) .. "d", 1) case("%" .. string.rep("-", 20) .. "d", 1)
case("%d", 3.5) case("%d", "x") case("%f", "x") case("%c", 1.5) case("%.1.1f", 1) case("%l", 1)
case("%\0d", 1) case("%-\0", 1) case("%5", 1) case("%5.", 1) case("%.f", 1.5) case("%.e", 1.5)
case("%5.x", 255) case("abc") case("%%") case("a%%b%%") case("%s %s", 1) case("%F", 1.5)

-- random doubles (all exponents) and random "decimal-looking" values
math.randomseed(20240)
local fmts = {"%.17g", "%e", "%.3f", "%a", "%g", "%.0e", "%.20e", "%.1a", "%#.5g", "%.15g"}
for i = 1, 600 do
  local bits = string.pack("<i8", math.random(math.mininteger, math.maxinteger))
  local v = string.unpack("<d", bits)
  if v == v then case(fmts[i % #fmts + 1], v) end
  local d = math.random(0, 999999) / 10^math.random(0, 8)
  case(fmts[(i + 3) % #fmts + 1], d)
  case("%.2f", math.random(0, 99999) + 0.005 * math.random(0, 1))
end
