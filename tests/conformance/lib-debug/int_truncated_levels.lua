-- ldblib.c reads levels and indices as (int)luaL_checkinteger: only the low 32 bits count.
print(debug.getinfo(math.mininteger, "n").name)
print(debug.getinfo(2^32 + 1, "l").currentline)
print(#debug.traceback("x", math.mininteger) > 0)
print((debug.getlocal(2^32 + 1, 1)))
local a = 5
print(debug.getlocal(1, 2^32 + 1), debug.setlocal(1, 2^32 + 1, 6), a)
local function f() return a end
print(debug.getupvalue(f, 2^32 + 1), debug.setupvalue(f, 2^32 + 1, 7), a)
print(debug.upvalueid(f, 2^32 + 1) == debug.upvalueid(f, 1))
local b = 8
local function g() return b end
debug.upvaluejoin(f, 2^32 + 1, g, 2^32 + 1)
print(f())
print(pcall(debug.getupvalue, f, math.mininteger))
print(pcall(debug.upvalueid, f, math.mininteger))
print(pcall(debug.getlocal, math.maxinteger, 1))
