-- io.popen: reading and writing pipes, exit statuses
local p = assert(io.popen("echo hello; echo world"))
print(io.type(p))
print(p:read("l"))
print(p:read("a"))
print(p:close())

p = io.popen("printf '1 2 3'", "r")
print(p:read("n", "n", "n", "n"))
print(p:close())

print(io.popen("exit 3"):close())
print(io.popen("kill -9 $$"):close())
print(io.popen("true"):close())

-- writing into a command
local name = os.tmpname()
p = assert(io.popen("cat > " .. name, "w"))
print(p:write("to the pipe\n", 42, "\n") == p)
print(p:close())
local f = assert(io.open(name))
print(f:read("a"))
f:close()
os.remove(name)

-- pipes cannot seek; wrong-direction operations fail
p = io.popen("echo x")
print(p:seek())
print(p:write("nope"))
print(p:read("l"))
print(p:close())
p = io.popen("cat > /dev/null", "w")
print(p:read("l"))
print(p:close())

-- lines over a pipe
for l in io.popen("printf 'a\\nb\\nc\\n'"):lines() do io.write(l, ".") end
print()

-- errors
print(pcall(io.popen, "ls", "rw"))
print(pcall(io.popen, "ls", "rb"))
print(pcall(io.popen))
p = io.popen("true")
p:close()
print(pcall(p.close, p))
print(tostring(p))
