-- luaL_traceback adds the message with luaL_addstring: it ends at its first zero byte.
local tb = debug.traceback("first\0second", 1)
print((tb:gsub("\n.*", "")))
print(#debug.traceback("\0", 1) == #debug.traceback("", 1))
print(select(2, xpcall(error, debug.traceback, "x\0y")):match("^[^\n]*"))
