-- mapreduce: higher-order map / filter / reduce over arrays with small anonymous functions.
-- Measures: calls through function values, closures capturing locals, array building with
-- t[#t + 1], the length operator.
-- Size: array length (default 250000), processed 40 times. Needs: nothing but the core.
-- Protocol (see bench/README.md): prints `checksum <sum>`.

local function map(f, t)
  local out = {}
  for i = 1, #t do out[i] = f(t[i]) end
  return out
end

local function filter(p, t)
  local out = {}
  for i = 1, #t do
    local v = t[i]
    if p(v) then out[#out + 1] = v end
  end
  return out
end

local function reduce(f, acc, t)
  for i = 1, #t do acc = f(acc, t[i]) end
  return acc
end

local function range(n)
  local t = {}
  for i = 1, n do t[i] = i end
  return t
end

local function run(n)
  local total = 0
  local base = range(n)
  for round = 1, 40 do
    local squares = map(function(x) return x * x % 1000 + round end, base)
    local odd = filter(function(x) return x % 2 == 1 end, squares)
    local sum = reduce(function(a, b) return (a + b) % 1000000007 end, 0, odd)
    local longest = reduce(function(a, b) if b > a then return b end return a end, 0, squares)
    total = (total + sum + longest + #odd) % 1000000007
  end
  return string.format("%d", total)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 250000
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
