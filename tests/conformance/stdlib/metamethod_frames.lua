-- Lua metamethods of comparisons, unary minus and arithmetic, called from Lua code in every
-- shape the interpreter must complete the instruction after the call: results, jumps both
-- ways, constants on either side, missing and extra results and parameters, varargs, tail
-- calls, errors and tracebacks, recursion to the C-stack limit, coroutines yielding inside
-- them, hooks and the collector running inside them.
local log = {}
local function note(s) log[#log + 1] = s end

local mt = {}
local function new(v) return setmetatable({ v = v }, mt) end
mt.__eq = function(a, b) return a.v == b.v end
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
mt.__unm = function(a) return new(-a.v) end
mt.__add = function(a, b)
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return new(x + y)
end
mt.__sub = function(a, b) return new(a.v - (type(b) == "table" and b.v or b)) end
mt.__mul = function(a, b) return (type(a) == "table" and a.v or a) * (type(b) == "table" and b.v or b) end
mt.__idiv = function(a, b) return "idiv" end
mt.__band = function(a, b) return "band" end
mt.__shl = function(a, b) return "shl" end
mt.__bnot = function(a) return "bnot" end

local a, b, c = new(1), new(2), new(1)
-- Comparisons as conditions (both jump directions) and as values.
if a == c then note("eq") end
if a ~= b then note("ne") end
if not (a == b) then note("not eq") end
if a < b then note("lt") else note("not lt") end
if b < a then note("lt2") else note("not lt2") end
if a <= c then note("le") end
if b > a then note("gt") end
if b >= a then note("ge") end
note(tostring(a == c) .. " " .. tostring(a < b) .. " " .. tostring(b <= a))
local count = 0
for i = 1, 10 do
  if new(i % 3) == a then count = count + 1 end
  while new(count) < new(2) do count = count + 1 end
end
note("count " .. count)
repeat count = count - 1 until new(count) <= new(0)
note("repeat " .. count)
print(table.concat(log, ", "))

-- Arithmetic: results in registers, with constants on either side (MMBINI, MMBINK).
print((-a).v, (a + b).v, (a + 1).v, (2 + a).v, (a + 1.5).v, (a - b).v, a * b, 3 * b, a * 2.5)
print(a // b, a & 1, 1 << a, ~a)
local x = a
for _ = 1, 5 do x = x + a end
print(x.v, (-(-(-x))).v)

-- Results that are not one value: none (nil, so false) and several (the first).
mt.__eq = function() end
print(a == c, a ~= c)
mt.__eq = function() return 1, false end
print(a == b)
mt.__lt = function() return nil, true end
print(a < b, not (a < b))

-- Fewer and more parameters than operands, varargs.
mt.__eq = function(p) return p.v == 1 end
print(a == b, b == a)
mt.__lt = function(p, q, r) return r == nil and p.v < q.v end
print(a < b, b < a)
mt.__le = function(...) local p, q = ... return select("#", ...) == 2 and p.v <= q.v end
print(a <= b, b <= a)
mt.__add = function(...) return select("#", ...) end
print(a + b, a + 1)

-- Tail calls from a metamethod: to a Lua function and to a native one.
local function same(p, q) return p.v == q.v end
mt.__eq = function(p, q) return same(p, q) end
print(a == c, a == b)
mt.__eq = function(p, q) return rawequal(p, q) end
print(a == c, a == a)
mt.__unm = function(p) return select(2, "skip", p.v * 10) end
print(-a)

-- Errors inside, with levels and tracebacks naming the metamethod.
mt.__add = function(p, q) error("add failed", 2) end
print(pcall(function() return a + b end))
mt.__add = function(p, q) return p.v + q end
print(pcall(function() return a + {} end))
mt.__lt = function(p, q) return p.missing.field end
print(pcall(function() return a < b end))
mt.__eq = function(p, q)
  local tb = debug.traceback("inside")
  print((tb:gsub("\n[^\n]*%[C%][^\n]*", "")))
  return true
end
print(a == b)
mt.__unm = function(p) return debug.getinfo(1, "n").name, debug.getinfo(2, "l").currentline end
print(-a)

-- Recursion through metamethods: the same limit as lua5.4's C stack.
local depth = 0
mt.__lt = function(p, q) depth = depth + 1 return p < q end
print(pcall(function() return a < b end))
print(depth > 150)
depth = 0
mt.__le = function(p, q) depth = depth + 1 if depth < 100 then return p <= q end return true end
print(a <= b, depth)

-- A coroutine that yields inside metamethods resumes into the comparison and arithmetic.
mt.__eq = function(p, q) return coroutine.yield("eq?") end
mt.__sub = function(p, q) return coroutine.yield("sub?") end
local co = coroutine.wrap(function()
  local r1 = (a == b) and "equal" or "different"
  local r2 = a - b
  return r1, r2
end)
print(co())
print(co(true))
print(co(99))

-- Hooks switched on and off inside a metamethod; the collector running inside one.
mt.__add = function(p, q)
  local lines = 0
  debug.sethook(function() lines = lines + 1 end, "l")
  local s = 0
  for i = 1, 3 do s = s + i end
  debug.sethook()
  collectgarbage()
  return lines > 0 and s
end
print(a + b)
mt.__eq = function(p, q)
  debug.sethook(function() end, "l")
  return p.v == q.v
end
print(a == c, a == b)
debug.sethook()
