-- read(n) allocates an n-byte buffer first (liolib's read_chars): a count no allocation can
-- satisfy is "not enough memory", even at end of file; a count merely larger than the file
-- reads the file.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("hello\nworld\n")
f:close()
f = assert(io.open(name, "r"))
for _, n in ipairs{math.maxinteger, 1 << 62, 1 << 52, 1 << 48, -1, -(1 << 40)} do
  f:seek("set", 0)
  print(n, pcall(f.read, f, n))
end
for _, n in ipairs{1000000, 1 << 20, 13, 12, 5, 0} do
  f:seek("set", 0)
  print(n, pcall(f.read, f, n))
end
-- At end of file the buffer is still asked for first.
print(f:read("a"), pcall(f.read, f, 1 << 50))
print(pcall(f.read, f, 2000000))
-- Earlier formats have read their bytes when a later count fails.
f:seek("set", 0)
print(pcall(f.read, f, 2, "l", 1 << 56))
print(f:read("a"))
print(pcall(function()
  for a, b in io.lines(name, 3, 1 << 60) do print(a, b) end
end))
f:close()
os.remove(name)
