-- Generates tests/data/pack.txt: lua5.4 tests/gen/pack.lua > tests/data/pack.txt
-- Lines: "pack", fmt, args, result | "unpack", fmt, data, init, result | "size", fmt, result
package.path = "tests/gen/?.lua;" .. package.path
local C = require("common")

local function args_text(...)
  local t = {}
  for i = 1, select("#", ...) do t[i] = C.val((select(i, ...))) end
  return table.concat(t, "|")
end
local function pack(fmt, ...)
  C.line{"pack", C.enc(fmt), args_text(...), C.result(pcall(string.pack, fmt, ...))}
end
local function unpack(fmt, data, init)
  C.line{"unpack", C.enc(fmt), C.enc(data), init and tostring(init) or "N",
         C.result(pcall(string.unpack, fmt, data, init))}
end
local function size(fmt) C.line{"size", C.enc(fmt), C.result(pcall(string.packsize, fmt))} end

local ints = {0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, -32768, 65535, 65536,
  2^31 - 1, -2^31, 2^32, math.maxinteger, math.mininteger, 0x1234567890abcdef}
local intfmts = {"b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T", "i1", "I1", "i2", "i3",
  "I3", "i5", "I7", "i8", "I8", "i9", "I9", "i12", "I16", "i16", ">i4", "<i4", "=i4", ">I3", ">i16"}
for _, f in ipairs(intfmts) do
  for _, v in ipairs(ints) do
    v = math.tointeger(v)
    pack(f, v)
    local ok, packed = pcall(string.pack, f, v)
    if ok then unpack(f, packed) end
  end
end
for _, f in ipairs{"f", "d", "n", ">f", ">d", "<n"} do
  for _, v in ipairs{0.0, -0.0, 1.5, -2.25, 1/3, 1e300, 1e-300, 3.4e38, 3.5e38, 1e-45, 1/0, -1/0, 7} do
    pack(f, v)
    unpack(f, string.pack(f, v))
  end
end
for _, f in ipairs{"s", "s1", "s2", ">s4", "z", "c5", "c0", "c1", "c3", "s16", "s9"} do
  for _, v in ipairs{"", "abc", "hello", "a\0b", string.rep("x", 300), 42} do
    pack(f, v)
    local ok, packed = pcall(string.pack, f, v)
    if ok then unpack(f, packed) end
  end
end
-- alignment and mixtures
local mixes = {
  {"!4 b i4", 1, 2}, {"!8 b d", 1, 2.5}, {"!2 b i8", 1, 2}, {"! b j", 1, 2}, {"!16 b i16", 1, -2},
  {"b Xi4 b", 1, 2}, {"b Xd b", 1, 2}, {"!4 b Xi8 b", 1, 2}, {"b x x h", 1, 2}, {"<i2 >i2 =i2", 1, 2, 3},
  {"i4 s1 z b", 7, "str", "zz", -1}, {"!4 z i4", "ab", 3}, {"!8 c3 i8", "abc", 5}, {"  b  ", 3},
  {"!3 i4", 1}, {"!4 i3", 1}, {"!2 i3", 1}, {"Xc1 b", 1}, {"bX", 1}, {"X", 1}, {"Xz", 1},
  {"b X! b", 1, 2}, {"i17", 1}, {"i0", 1}, {"y", 1}, {"c", "a"}, {"i4", "10"}, {"i4", 2.0},
  {"i4", 2.5}, {"i4"}, {"d", "x"}, {"b\0i4", 1, 2}, {"!17", 1}, {"I", -1}, {"i4 i4", 1},
}
for _, m in ipairs(mixes) do
  pack(table.unpack(m, 1, 8))
  size(m[1])
  local ok, packed = pcall(string.pack, table.unpack(m, 1, 8))
  if ok then unpack(m[1], packed) end
end
for _, f in ipairs{"", "i4", "c2147483647c2", "c99999999999", "c2147483640", "c1073741824c1073741823",
  "c1073741824c1073741824", "s", "z", "!8 b d", "j n", "c0", "xXi8", "i16 b !16 Xi16"} do
  size(f)
end
-- unpack errors and positions
local data = string.pack("i4 i4 z s1", 1, 2, "hi", "yo")
for _, init in ipairs{1, 2, 5, 9, 12, 13, 14, 15, -1, -4, -100, 0, 100} do
  unpack("i4", data, init)
  unpack("z", data, init)
  unpack("s1", data, init)
  unpack("b", data, init)
  unpack("", data, init)
end
unpack("i9", string.rep("\255", 8) .. "\1")
unpack("i9", string.rep("\255", 9))
unpack("I9", string.rep("\255", 9))
unpack("i9", string.rep("\0", 8) .. "\255")
unpack(">i9", "\0" .. string.rep("\255", 8))
unpack("i16", string.rep("\255", 16))
unpack("z", "abc")
unpack("s1", "\5abc")
unpack("s9", string.rep("\255", 9))
unpack("c10", "abc")
unpack("!4 b i4", "\1\0\0\0\2\0\0\0")
unpack("!4 b i4", "\1\0\0\0\2\0\0")
