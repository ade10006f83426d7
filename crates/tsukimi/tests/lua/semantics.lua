-- varargs, multiple returns, tail calls
local function v(...) return select('#', ...), ... end
print(v()) print(v(nil)) print(v(1, nil, 3))
local function pack(...) return {...} end
print(#pack(1,2,3))
local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
print(tail(1000000))
local function sum(...) local s = 0 for i = 1, select('#', ...) do s = s + select(i, ...) end return s end
print(sum(1,2,3,4,5))
print((v(1,2,3)))
local t = {v(1,2)} print(#t, t[1], t[2], t[3])
-- closures in loops
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local j = 0
while j < 3 do j = j + 1 local k = j gs[j] = function() k = k + 10 return k end end
print(gs[1](), gs[1](), gs[2]())
-- goto
do local i = 1 ::top:: if i <= 3 then io = io; i = i + 1 goto top end print("goto", i) end
-- integer/float for loops
for i = 1, 3 do io = io end
for i = 1.0, 2.0, 0.5 do print(i) end
for i = 10, 1, -3 do print(i) end
for i = 1, 0 do print("never") end
for i = 9223372036854775807 - 2, 9223372036854775807 do print(i) end
for i = -9223372036854775807 - 1, -9223372036854775807 + 1 do print(i) end
print(pcall(function() for i = 1, 10, 0 do end end))
-- string coercion
print("10" + 5, "3.5" * 2, 10 .. 20, "0x10" + 0, -"2", "10" // "3")
print(pcall(function() return "a" + 1 end))
print(pcall(function() return {} .. "x" end))
print(#"abc", #{1, 2, 3})
-- metamethods
local mt = {}
mt.__add = function(a, b) return "add" end
mt.__concat = function(a, b) return "cat" end
mt.__len = function() return 42 end
mt.__eq = function() return true end
mt.__lt = function() return true end
mt.__le = function() return false end
mt.__call = function(self, x) return "called", x end
mt.__unm = function() return "neg" end
mt.__index = function(t, k) return k .. "!" end
mt.__tostring = function() return "OBJ" end
mt.__name = "MyType"
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a + 1, 1 + a, a .. "x", "x" .. a, #a, a == b, a < b, a <= b, a(5), -a, a.foo, tostring(a))
print(a ~= b, not (a == b))
local idx = setmetatable({}, {__index = {x = 1, y = 2}})
print(idx.x, idx.y, idx.z)
local ni = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2) end})
ni.a = 5 print(ni.a)
local chain = setmetatable({}, {__index = setmetatable({}, {__index = {deep = "yes"}})})
print(chain.deep)
local bw = setmetatable({}, {__band = function() return "band" end, __shl = function() return "shl" end, __bnot = function() return "bnot" end})
print(bw & 1, 1 << bw, ~bw)
print(getmetatable(setmetatable({}, {__metatable = "locked"})))
print(pcall(setmetatable, setmetatable({}, {__metatable = 1}), {}))
print(rawequal(a, b), rawlen({1,2}), rawget(idx, "x"))
-- pairs with __pairs
local pp = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, v in pairs(pp) do print("pairs", k, v) end
for i, v in ipairs({10, 20, nil, 40}) do print("ipairs", i, v) end
-- error values
print(select(2, pcall(error, "msg", 0)))
print(select(2, pcall(error, "msg")))
print(select(2, pcall(error)))
local function lvl() error("at level 2", 2) end
print(pcall(function() lvl() end))
print(xpcall(function() error("x") end, function(m) return "handled: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(select('#', pcall(error)))
print(tostring(1e100), 2^63, -0.0, 1/0, -1/0, 3 // 0.0, 3 % -0.0)
print(7 // 2, 7.0 // 2, 7 % 3.0, 2^2, 10 / 2)
print(1 < 1.5, 1 <= 1.0, "a" < "b", "abc" < "abd", "" < "a", 2^53 == 2^53 + 1)

