-- file:read formats: numbers, lines, counts, all
local name = os.tmpname()
local function with_content(text)
  local f = assert(io.open(name, "w"))
  f:write(text)
  f:close()
  return assert(io.open(name, "r"))
end

local f = with_content("12 0x1F -3.5e2 .5 1e 0x.8p1 +7 - abc\nline2\n")
print(f:read("n", "n", "n", "n", "n"))
print(f:read("n"))
print(f:read("n"))
print(f:read("n"))
print(f:read("l"))
print(f:read("L"))
print(f:read("l"))
print(f:read("a"))
print(f:read("a"))
print(f:read(0))
print(f:read(1))
f:close()

-- numerals: integers, floats, hex, exponents, limits
f = with_content("0 00 0x 0xg 1e+ 1e+5 1E-2 3. .e1 9223372036854775807 9223372036854775808 0x7fffffffffffffff 0xffffffffffffffff\t\n\v\f\r 42")
for _ = 1, 15 do
  local v = f:read("n")
  io.write(tostring(v), " ", math.type(v) or "-", "\n")
  if v == nil then f:read(1) end
end
f:close()

-- a numeral longer than 200 characters is rejected
f = with_content(string.rep("1", 250) .. " 5")
print(f:read("n"))
print(#f:read("l"))
f:close()
f = with_content(string.rep("1", 199) .. " 5")
print(f:read("n"), f:read("n"))
f:close()

-- counts and 0 (end-of-file test)
f = with_content("abcdef")
print(f:read(2, 0, 3))
print(f:read(0))
print(f:read(10))
print(f:read(0))
print(f:read(10))
f:close()

-- lines: with and without newline, empty lines, last line without newline
f = with_content("one\n\nthree\nlast")
print(f:read("L"))
print(f:read("l"))
print(f:read("l", "l"))
print(f:read("l"))
print(f:read("L"))
f:close()

-- old-style formats and the default
f = with_content("x1\nx2\nx3\n")
print(f:read("*l"))
print(f:read("*L"))
print(f:read())
print(f:read("*a"))
f:close()

-- invalid formats
f = with_content("data")
print(pcall(f.read, f, "x"))
print(pcall(f.read, f, ""))
print(pcall(f.read, f, {}))
print(pcall(f.read, f, 1.5))
print(pcall(function() return f:read("z") end))
print(pcall(function() return f:read("l", true) end))
print(f:read("a"))
f:close()
print(pcall(f.read, f))
print(pcall(function() return f:read() end))

-- reading a file opened for writing fails with the OS error
f = assert(io.open(name, "w"))
print(f:read("l"))
print(f:read("a"))
f:close()

os.remove(name)
