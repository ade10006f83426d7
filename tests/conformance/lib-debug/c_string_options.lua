-- debug.getinfo's options and debug.sethook's mask are read as C strings: each ends at its
-- first zero byte.
local info = debug.getinfo(1, "l\0S")
print(info.currentline, info.source)
print(type(debug.getinfo(1, "\0\1\255")))
print(pcall(debug.getinfo, 1, "l\1"))
local lines = 0
debug.sethook(function() lines = lines + 1 end, "l\0c")
local x = 1
x = x + 1
debug.sethook()
print(lines > 0, select(2, debug.gethook()))
debug.sethook(function() error("never") end, "\0l")
x = x + 1
print(debug.gethook())
debug.sethook()
