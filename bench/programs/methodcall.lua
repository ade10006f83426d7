-- methodcall: method calls through metatables on a small class hierarchy.
-- Measures: `obj:method()` dispatch through __index (one and two levels of inheritance),
-- calls of overridden methods, field updates on self, and a __call/__eq/__lt/__unm mix
-- (not __len: luajit follows Lua 5.1 and ignores __len on tables).
-- Size: number of rounds over the object set (default 2500000). Needs: setmetatable,
-- getmetatable, string.format.
-- Checksum: integer totals accumulated by the methods.
-- Protocol (see bench/README.md): prints `checksum <...>`.

local Counter = {}
Counter.__index = Counter
function Counter.new(step) return setmetatable({ value = 0, step = step }, Counter) end
function Counter:tick() self.value = self.value + self.step end
function Counter:get() return self.value end
function Counter:weight() return 1 end

-- A subclass: lookups of inherited methods go through two __index tables.
local Doubler = setmetatable({}, { __index = Counter })
Doubler.__index = Doubler
function Doubler.new(step) return setmetatable({ value = 0, step = step }, Doubler) end
function Doubler:tick() self.value = self.value + 2 * self.step end
function Doubler:weight() return 2 end

-- A third level that inherits tick from Doubler and get from Counter.
local Tripler = setmetatable({}, { __index = Doubler })
Tripler.__index = Tripler
function Tripler.new(step) return setmetatable({ value = 0, step = step }, Tripler) end
function Tripler:weight() return 3 end

-- Metamethods other than __index.
local Box = {}
Box.__index = Box
Box.__call = function(self, x) return self.v + x end
Box.__eq = function(a, b) return a.v == b.v end
Box.__lt = function(a, b) return a.v < b.v end
Box.__unm = function(self) return self.v % 10 end
function Box.new(v) return setmetatable({ v = v }, Box) end

local function run(rounds)
  local objects = { Counter.new(1), Doubler.new(3), Tripler.new(5), Counter.new(7) }
  local weights = 0
  for _ = 1, rounds do
    for i = 1, #objects do
      local object = objects[i]
      object:tick()
      weights = weights + object:weight()
    end
  end
  local values = 0
  for i = 1, #objects do values = values + objects[i]:get() end

  local a, b = Box.new(3), Box.new(3)
  local meta = 0
  for i = 1, rounds do
    b.v = i % 5
    if a == b then meta = meta + 1 end
    if a < b then meta = meta + a(i % 3) end
    meta = meta + -b
  end
  local same = getmetatable(a) == Box and 1 or 0
  return string.format("%d %d %d %d", values, weights, meta, same)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 2500000
local iterations = tonumber(arg and arg[2]) or 1
local checksum
for i = 1, iterations do
  local started = os.clock()
  local result = run(size)
  local elapsed = os.clock() - started
  if iterations > 1 then io.write(string.format("iteration %d %.6f\n", i, elapsed)) end
  if checksum ~= nil and result ~= checksum then result = "inconsistent" end
  checksum = result
end
io.write("checksum ", checksum, "\n")
