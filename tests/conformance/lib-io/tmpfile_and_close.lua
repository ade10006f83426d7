-- io.tmpfile, to-be-closed files, tostring and the FILE* metatable
local t = io.tmpfile()
print(io.type(t))
t:write("scratch data\n", 123, "\n")
t:seek("set")
print(t:read("l"), t:read("n"))
print(t:close())
print(io.type(t), tostring(t))
print(pcall(t.close, t))
print(pcall(io.close, t))

-- a to-be-closed file is closed at the end of its block
local name = os.tmpname()
local kept
do
  local f <close> = assert(io.open(name, "w"))
  kept = f
  f:write("closed by __close")
end
print(io.type(kept))
for l in io.lines(name) do print(l) end

-- and when the block is left by an error
local ok, err = pcall(function()
  local f <close> = assert(io.open(name))
  kept = f
  error("boom")
end)
print(ok, err:match("boom"), io.type(kept))

-- the metatable
local mt = getmetatable(io.stdout)
print(mt.__name, getmetatable(t) == mt, type(mt.__index), type(mt.__gc), type(mt.__close))
local methods = {}
for k in pairs(mt.__index) do methods[#methods + 1] = k end
table.sort(methods)
print(table.concat(methods, " "))
local fields = {}
for k in pairs(mt) do fields[#fields + 1] = k end
table.sort(fields)
print(table.concat(fields, " "))
print(tostring(io.stdout):match("^file %(0x%x+%)$") ~= nil)
local names = {}
for k in pairs(io) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))

-- methods check their receiver
print(pcall(mt.__index.read, 42))
print(pcall(mt.__index.close, {}))
print(pcall(mt.__tostring, "x"))
print(pcall(mt.__gc, t))

-- an unreachable open file is closed by the collector (its data reaches the disk)
local function leak()
  local f = assert(io.open(name, "w"))
  f:write("written by an unreachable handle")
end
local function overwrite_dead_slots()
  local a, b, c, d, e, f, g, h, i, j = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  return a
end
leak()
overwrite_dead_slots()
collectgarbage()
collectgarbage()
print(io.open(name):read("a"))
os.remove(name)
