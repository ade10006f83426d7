-- string.pack, string.unpack and string.packsize.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(t.n, table.concat(t, " | "))
end
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end

print(hex(string.pack("i4", 100)), hex(string.pack(">i4", 100)), hex(string.pack("<i2", -2)))
print(hex(string.pack("b B h H l L j J", -1, 255, -300, 65535, -5, 5, -6, 6)))
print(hex(string.pack("i3 I5 i16", -3, 2^32, -1)))
print(hex(string.pack("f d n", 1.5, -2.25, 1/3)))
print(hex(string.pack("z s1 s2", "zs", "ab", "cde")), hex(string.pack("c5", "abc")))
print(hex(string.pack("!4 b i4", 1, 2)), hex(string.pack("b x i2 Xi4 i4", 1, 2, 3)))
print(hex(string.pack(">!8 b Xd d", 1, 2.0)))
print(select(2, pcall(string.pack, "b X i4", 1, 2)))
print(hex(string.pack("=I2 >I2 <I2", 1, 1, 1)))
show(string.unpack("i4", string.pack("i4", -12345)))
show(string.unpack(">I2 <I2", "\1\2\1\2"))
show(string.unpack("z z", "hello\0world\0"))
show(string.unpack("s1", "\3abcdef"))
show(string.unpack("c3 c2", "abcde"))
show(string.unpack("f d", string.pack("f d", 0.1, 0.1)))
show(string.unpack("b", "\255"), string.unpack("B", "\255"), string.unpack("i8", string.pack("j", math.mininteger)))
show(string.unpack("i4", string.pack("i4 i4", 7, 8), 5))
show(string.unpack("i2", "\0\0\1\0", -2))
show(string.unpack("i16", string.pack("i16", -7)))
show(string.unpack("I9", string.rep("\255", 8) .. "\0"))
show(string.packsize("i4 i8 d b"), string.packsize("!8 b d"), string.packsize(""), string.packsize("c10 x"))
for _, args in ipairs({
  {"i17", 1}, {"i0", 1}, {"c", "x"}, {"z", "a\0b"}, {"s1", string.rep("x", 300)},
  {"i1", 200}, {"i1", -200}, {"I1", 256}, {"!17", 1}, {"!3 i4", 1}, {"y", 1}, {"i4", "x"},
  {"c2", "abc"}, {"d", "x"}, {"Xz", 1}, {"X", 1},
}) do
  show(args[1], pcall(string.pack, table.unpack(args)))
end
show(pcall(string.unpack, "i4", "abc"))
show(pcall(string.unpack, "z", "abc"))
show(pcall(string.unpack, "i4", "abcd", 10))
show(pcall(string.unpack, "i4", "abcd", -10))
show(pcall(string.unpack, "s1", "\10abc"))
show(pcall(string.unpack, "i9", "\0\0\0\0\0\0\0\0\1"))
show(pcall(string.packsize, "s"))
show(pcall(string.packsize, "z"))
show(pcall(string.packsize, "c2147483647 c2147483647"))
show(pcall(string.pack))
show(pcall(string.unpack, "i4"))
local packed = string.pack("s4 j n z", "hello", 42, 2.5, "end")
show(string.unpack("s4 j n z", packed))
-- the first missing value is reported as nil (lstrlib pushes a nil after the arguments)
show(pcall(string.pack, "i4"))
show(pcall(string.pack, "i4 i4", 1))
show(pcall(string.pack, "z"))
show(pcall(string.pack, "d", nil))
