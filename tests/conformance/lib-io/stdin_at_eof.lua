-- standard input at end of file (the corpus runs scripts with stdin from /dev/null)
print(io.read())
print(io.read("a"))
print(io.read("a", "l"))
print(io.read(0), io.read(5), io.read("n"))
print(io.stdin:read("L"))
local count = 0
for l in io.lines() do count = count + 1 end
for l in io.stdin:lines("a") do count = count + 1 break end
print(count)
print(io.stdin:write("x"))
print(io.stdin:close())
print(io.type(io.stdin), io.input() == io.stdin)
