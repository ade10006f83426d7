-- File names are Lua strings, not UTF-8 text: loadfile, dofile and io open exactly the bytes
-- given, and error messages quote them unchanged.
local name = os.tmpname() .. "-\255\254.lua"
local f = assert(io.open(name, "w"))
f:write("return 'loaded', ...")
f:close()
print(dofile(name))
print(loadfile(name)("arg"))
for line in io.lines(name) do print(line) end
os.remove(name)
local missing = "/nonexistent-dir/\255\254"
print(loadfile(missing))
print(pcall(dofile, missing))
print(pcall(io.lines, missing))
print(io.open(missing))
