-- file:write, seek, setvbuf, flush
local name = os.tmpname()
local f = assert(io.open(name, "w+"))

-- numbers are written with %.14g (integers as integers)
print(f:write(1, " ", 2.5, " ", 1.0, " ", -0.0, " ", 1e100, " ", 2^63, " ", math.mininteger, " ",
  1/0, " ", -1/0, " ", 0.1, "\n") == f)
print(f:write() == f)
print(f:seek("cur"), f:seek("set"), f:seek("end"))
f:seek("set")
print(f:read("a"))

-- seek positions
print(f:seek("set", 3), f:read(2))
print(f:seek("cur", -2), f:read(2))
print(f:seek("end", -4), f:read("a"))
print(f:seek())
print(f:seek("set", -1))
print(pcall(f.seek, f, "bad"))
print(pcall(f.seek, f, "set", 1.5))
print(pcall(f.seek, f, 1))

-- setvbuf and flush
print(f:setvbuf("no"), f:setvbuf("full", 1024), f:setvbuf("line"))
print(pcall(f.setvbuf, f, "sometimes"))
print(pcall(f.setvbuf, f))
print(f:flush(), io.type(f:write("x")))

-- write errors
print(pcall(f.write, f, {}))
print(pcall(f.write, f, "ok", nil))
f:close()
print(pcall(f.write, f, "x"))
print(pcall(f.seek, f))
print(pcall(f.flush, f))
print(pcall(f.setvbuf, f, "no"))

local r = assert(io.open(name, "r"))
print(r:write("cannot"))
print(r:write(1, 2))
r:close()

-- many small writes through a small buffer
f = assert(io.open(name, "w"))
f:setvbuf("full", 7)
for i = 1, 100 do f:write(i, ",") end
f:close()
f = assert(io.open(name))
local text = f:read("a")
print(#text, text:sub(1, 20), text:sub(-12))
f:close()

print(os.remove(name))
