-- io.open: modes, results and errors
local name = os.tmpname()

local f = assert(io.open(name, "w"))
print(io.type(f), f:write("first line\n", "second line\n") == f)
print(f:close())
print(io.type(f))

f = assert(io.open(name))            -- default mode "r"
print(f:read("a"))
f:close()

f = assert(io.open(name, "a"))
f:write("appended\n")
f:close()
f = assert(io.open(name, "rb"))
print(f:read("a"))
f:close()

-- "r+" reads and writes in place
f = assert(io.open(name, "r+"))
print(f:read("l"))
f:seek("set", 0)
f:write("FIRST")
f:seek("set", 0)
print(f:read("l"))
f:close()

-- "w+" truncates, then reads back what it wrote
f = assert(io.open(name, "w+"))
f:write("abc")
f:seek("set")
print(f:read("a"))
f:close()

-- "a+" appends whatever the position
f = assert(io.open(name, "a+"))
f:seek("set", 0)
f:write("def")
f:seek("set", 0)
print(f:read("a"))
f:close()

-- errors are returned, not raised
print(io.open("no/such/dir/file.txt"))
print(io.open("no-such-file.txt", "r"))
local ok, msg = io.open(".", "w")
print(ok, msg)

-- invalid modes are argument errors
for _, mode in ipairs({"rw", "x", "", "r++", "wb+", "w+b", "r+bb", "+r"}) do
  local ok, r = pcall(io.open, name, mode)
  print(mode, ok, ok and io.type(r) or r)
  if ok then r:close() end
end
print(pcall(io.open))
print(pcall(io.open, name, {}))

-- reading a directory fails at read time
local d = io.open(".")
print(io.type(d), d:read("a"))
print(d:read("l"))
d:close()

print(os.remove(name))
