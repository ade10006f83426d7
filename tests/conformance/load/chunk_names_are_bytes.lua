-- Chunk names are Lua strings: bytes that need not be UTF-8 show up unchanged in syntax
-- errors, runtime error positions and tracebacks (a name that is the source itself too).
print(load("x = = '\xe9'"))
print(load("return 1 +", "=na\xefve"))
print(pcall(load("error('boom')", "@f\xff.lua")))
print(pcall(load("local t = nil; return t.x", "caf\xe9 chunk")))
print(pcall(load("return 1 .. {}", "=\xe9\xe8\xe7")))
print(load("f() \"\xff\0\" x", "=tok"))
print(load("x = 1 \"\xff\"", "@\xfe.lua"))
local long = "@\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9"
print(pcall(load("error('far')", long)))
print(pcall(load("error('first line\xe9\\n second')")))
