local function many(n) local t = {} for i = 1, n do t[i] = i end return table.unpack(t) end
local t = {many(1000)}
print(#t, t[1], t[1000])
print(select('#', many(5000)))
local function va(...) local a = {...} return #a, select('#', ...), (select(300, ...)) end
print(va(many(300)))
local big = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60, many(3)}
print(#big, big[60], big[63])
local s = "a\0b"
local k = {[s] = 1}
print(k["a\0b"], k["a"], #s)
local function deep(n) if n == 0 then return 0 end local ok, v = pcall(deep, n - 1) return v + 1 end
print(deep(150))
print(string.format("%5.2f|%d|%s", 3.14159, 42, "x"))
local co = 0
for i = 1, 3 do
  local x <const> = i * 2
  co = co + x
end
print(co)
print(math.type(1), math.type(1.0), math.type("1"))
print(1e308 * 10 == math.huge, -0.0 == 0.0, 3 | 0, pcall(function() return 3.5 | 0 end))

local t2 = setmetatable({}, {__index = function(t, k) return k * 2 end})
print(t2[21], rawget(t2, 21))
print(string.rep("ab", 3, ","), ("x"):upper())
print(tostring(nil), tostring(true), tonumber("  0x1F  "), tonumber("1e2"), tonumber("abc"), tonumber("12", 3))
print(next({}), type(next), select(-1, 1, 2, 3))
print(pcall(select, 0, 1))
print(string.format("%q", 1/3))
