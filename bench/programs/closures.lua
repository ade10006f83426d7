-- closures: creating closures, calling them, and updating shared upvalues.
-- Measures: closure allocation, upvalue get/set (open and closed), calls through locals
-- and through tables of functions.
-- Size: number of outer rounds (default 2500000). Needs: nothing but the core.
-- Protocol (see bench/README.md): prints `checksum <sum>`.

local function make_counter(start)
  local count = start
  return function(step)
    count = count + step
    return count
  end
end

local function make_pair()
  local shared = 0
  local function inc() shared = shared + 1 end
  local function get() return shared end
  return inc, get
end

local function compose(f, g)
  return function(x) return f(g(x)) end
end

local function run(rounds)
  local total = 0
  local double = function(x) return x * 2 end
  local plus3 = function(x) return x + 3 end
  local both = compose(double, plus3)
  for i = 1, rounds do
    local counter = make_counter(i % 100)
    counter(1)
    counter(2)
    total = total + counter(3)
    local inc, get = make_pair()
    inc() inc() inc()
    total = total + get()
    total = total + both(i % 17)
    total = total % 1000000007
  end
  return string.format("%d", total)
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
