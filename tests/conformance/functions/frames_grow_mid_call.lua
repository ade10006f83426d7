-- Deep calls made from the middle of an instruction (metamethods, __call, pcall, a
-- nested pcalls): the frame list grows, and may move, while the frames below wait for the
-- callee to return. Each caller must then go on with its own pc, registers and results.
-- (lib-coroutine/deep_yield_frames.lua does the same inside a coroutine.)

local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end

-- Arithmetic, comparison, concatenation and indexing through metamethods that recurse.
local mt = {}
mt.__add = function(a, b) return depth(a.n) + depth(b) end
mt.__lt = function(a, b) return depth(a.n) < depth(b.n) end
mt.__concat = function(a, b) return tostring(depth(a.n)) .. "|" .. tostring(depth(b)) end
mt.__index = function(t, k) return depth(k) end
mt.__call = function(self, x, y) return depth(x) + depth(y), "called" end
local small = setmetatable({ n = 3000 }, mt)
local big = setmetatable({ n = 7000 }, mt)

local before, after = "before", "after"
local sum = small + 4000
print("add", before, sum, after)
print("lt", small < big, big < small)
print("concat", small .. 5000)
print("index", small[6000], big[10])
local r, tag = small(2500, 9000)
print("call", r, tag)

-- Values the caller held in registers are intact after each deep call.
local a, b, c = 1, 2, 3
local x = small[8000] + a + b + c
print("registers", x, a, b, c)

-- Errors thrown from deep inside a call made by a metamethod, caught below it.
local function deep_error(n)
  if n == 0 then error("bottom reached", 0) end
  return deep_error(n - 1) + 0
end
mt.__unm = function(a) return deep_error(a.n) end
for round = 1, 3 do
  local ok, msg = pcall(function() return -big end)
  print("pcall", round, ok, msg)
end

-- Nested pcalls each with deep recursion, then a normal return through all of them.
local function nest(level)
  if level == 0 then return depth(4000) end
  local ok, v = pcall(nest, level - 1)
  return v + level
end
print("nest", nest(20))

-- Deep recursion where every level returns through a table constructor and varargs.
local function spread(n, ...)
  if n == 0 then return select("#", ...), ... end
  return spread(n - 1, n, ...)
end
local count, first = spread(150)
print("spread", count, first)

-- The same function recursing through several call kinds in turn.
local kinds = setmetatable({}, { __call = function(self, n) return self.step(n) end })
function kinds.step(n)
  if n == 0 then return "done" end
  local k = n % 3
  if k == 0 then return kinds(n - 1)
  elseif k == 1 then local ok, v = pcall(kinds.step, n - 1) return v
  else return (kinds.step(n - 1)) end
end
print("kinds", kinds.step(300))
print("kinds", kinds.step(6000))
