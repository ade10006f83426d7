-- load's chunk name and mode reach lua_load as C strings: each ends at its first zero byte,
-- and so does the default name (the chunk text itself).
local function show(f, err) print(type(f), err) end
show(load("x x", "=a\0b"))
show(load("x x", "@file\0.lua"))
show(load("x x", "plain\0name"))
show(load("\0\1 x"))
show(load("return 1", "chunk", "t\0b"))
show(load("\27Lua", "chunk", "t\0b"))
show(load("return 1", "chunk", "\0t"))
show(load(function() return nil end, "=r\0x"))
local n = 0
show(load(function() n = n + 1 if n == 1 then return "x x" end end, "=reader\0name"))
-- The mode is quoted as bytes.
show(load("return 1", "chunk", "b\xe9"))
show(load("\27Lua", "chunk", "t\xe9\0b"))
