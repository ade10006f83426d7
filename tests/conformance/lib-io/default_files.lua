-- io.input / io.output and the functions that use them
print(io.input() == io.stdin, io.output() == io.stdout)
print(io.type(io.stdin), io.type(io.stdout), io.type(io.stderr))

-- print and io.write share the same buffer: their order is kept
io.write("a")
print("b")
io.write("c", 1, 2.0, "\n")
io.stdout:write("d\n")
print(io.write("x") == io.stdout)
print()

local name = os.tmpname()
local out = io.output(name)
print(io.type(out), io.output() == out, out ~= io.stdout)
io.write("line 1\n", "line 2\n", 3, "\n")
print(io.close())
print(io.type(out))
print(pcall(io.write, "x"))
print(pcall(io.flush))
io.output(io.stdout)

io.input(name)
print(io.read())
print(io.read("L"))
print(io.read("n"))
print(io.read("a"))
print(io.read("l"))
io.input():close()
print(pcall(io.read))
print(pcall(io.lines))
io.input(io.stdin)

-- io.lines() without a file name reads the default input
io.input(name)
for l in io.lines() do io.write("<", l, ">") end
print()
print(io.type(io.input()))
io.input():close()
io.input(io.stdin)

-- io.output with a file handle, io.close with a file
local f = assert(io.open(name, "a"))
io.output(f)
io.write("appended\n")
io.output(io.stdout)
print(io.close(f))
for l in io.lines(name) do io.write(l, ";") end
print()

-- standard files cannot be closed
print(io.stdout:close())
print(io.close(io.stderr))
print(io.type(io.stdout))
print(io.stdout:write("still open\n") == io.stdout)

-- errors
print(pcall(io.input, "no-such-file"))
print(pcall(io.output, {}))
print(pcall(io.close, 42))
print(pcall(io.type))
print(io.type(42), io.type(nil), io.type({}))
print(pcall(io.input, f))
os.remove(name)
