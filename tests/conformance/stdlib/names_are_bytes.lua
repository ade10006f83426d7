-- Names quoted in messages are the bytes of Lua strings, not text: field, method and
-- constant names, `__name`, module names in tracebacks and `debug.getinfo`'s name.
print(pcall(function() local t = {} return t["\xe9t\xe9"].z end))
print(pcall(function() local t = {} t["caf\xe9"]() end))
print(pcall(function() return ("\xe9") | 1 end))
print(pcall(function() local o = {} o["\xc3\x28"]() end))
local obj = setmetatable({}, {__name = "Obj\xe9"})
print(pcall(function() return obj + 1 end))
print(pcall(function() return obj < obj end))
print(pcall(function() return obj < 1 end))
print(pcall(function() return #obj .. obj end))
print(pcall(function() obj() end))
print(pcall(function() for i = obj, 2 do end end))
print(pcall(string.rep, obj))
print(pcall(io.lines, obj))
local t = {}
t["f\xe9"] = function() return debug.getinfo(1, "n").name end
print(t["f\xe9"]())
package.loaded["mod\xe9"] = { run = function() return debug.traceback("tb", 1) end }
local tb = package.loaded["mod\xe9"].run()
print((tb:gsub("\n[^\n]*%[C%][^\n]*", "")))
