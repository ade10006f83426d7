-- io.lines and file:lines
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("alpha\nbeta\n\ngamma\n10 20\n30")
f:close()

for line in io.lines(name) do io.write("[", line, "]") end
print()
for line in io.lines(name, "L") do io.write("[", line, "]") end
print()
for a, b in io.lines(name, 1, 2) do io.write("<", a, "|", b, ">") end
print()

-- io.lines returns four values: iterator, nil, nil, and the file to close
local it, s, c, file = io.lines(name)
print(type(it), s, c, io.type(file))
print(it(), it())
file:close()
print(pcall(it))

-- the file is closed at end of iteration
it, s, c, file = io.lines(name)
for _ in it do end
print(io.type(file))

-- the file is closed when the loop is left by break (to-be-closed variable)
for _, _, _, fh in io.lines(name) do end
local keep
for l in (function() local i, a, b, h = io.lines(name); keep = h; return i, a, b, h end)() do
  break
end
print(io.type(keep))

-- file:lines does not close the file
f = assert(io.open(name))
for l in f:lines() do end
print(io.type(f), f:read("a"))
f:seek("set", 0)
local count = 0
for n in f:lines("n") do count = count + 1 end
print("numbers at start:", count)
f:seek("set", 0)
for a, b in f:lines("l", "l") do io.write(a, "+", tostring(b), ";") end
print()
f:close()

-- errors
print(pcall(io.lines, "no-such-file"))
print(pcall(io.lines, {}))
print(pcall(function() for l in io.lines(name, "x") do end end))
print(pcall(function() for l in f:lines() do end end))
print(select("#", pcall(io.lines, name, table.unpack({}, 1, 250))))
print(pcall(io.lines, name, table.unpack({}, 1, 251)))
print(pcall(io.lines, nil, table.unpack({}, 1, 251)))

os.remove(name)
