-- Hot arithmetic whose operand types change after many iterations (a JIT must deoptimise,
-- the interpreter must simply keep going).
local function add(a, b) return a + b end
local acc = 0
for i = 1, 2000 do acc = add(acc, i) end
print(acc)
print(add(1.5, 2), add(2^53, 1), add("10", 5), add(0x7fffffffffffffff, 1))
local V = setmetatable({}, {__add = function(_, b) return "meta+" .. tostring(b) end})
print(add(V, 1), add(1, 2))
local function mix(n)
  local x = 0
  for i = 1, n do
    if i == n // 2 then x = x + 0.5 end
    x = x + i
  end
  return x
end
print(mix(1000), mix(1001), mix(2))
local function idiv(a, b) return a // b, a % b end
local s1, s2 = 0, 0
for i = 1, 1000 do
  local q, r = idiv(i, 7)
  s1 = s1 + q; s2 = s2 + r
end
print(s1, s2, idiv(7.5, 2), idiv(-7, 2.0))
print(pcall(idiv, 1, 0))
local function compare(a, b) return a < b end
local lt = 0
for i = 1, 1000 do if compare(i, 500) then lt = lt + 1 end end
print(lt, compare(1.5, 2), compare("a", "b"), pcall(compare, 1, "2"))
local function band(a, b) return a & b end
local bits = 0
for i = 1, 1000 do bits = bits ~ band(i, 0xff) end
print(bits, band(3.0, 1), pcall(band, 3.5, 1))
local function concat(a, b) return a .. b end
local str = ""
for i = 1, 300 do str = concat(str, i % 10) end
print(#str, concat(1, 2), concat(1.5, "x"))
local function neg(x) return -x end
local sum = 0
for i = 1, 1000 do sum = sum + neg(i) end
print(sum, neg(-0.0), neg(-0x7fffffffffffffff - 1), neg("3"))
local function len(x) return #x end
local total = 0
for i = 1, 500 do total = total + len({i, i}) end
print(total, len("abc"), len(setmetatable({}, {__len = function() return 7 end})))
