-- sieve: the sieve of Eratosthenes over a boolean array, repeated.
-- Measures: array stores and loads with integer indices, stepped numeric for loops.
-- Size: the sieve limit (default 2000000), sieved 12 times. Needs: string.format.
-- Checksum: the prime count and the sum of the last 100 primes.
-- Protocol (see bench/README.md): prints `checksum <count> <tail-sum>`.

local function sieve(limit)
  local composite = {}
  for i = 1, limit do composite[i] = false end
  local count = 0
  for i = 2, limit do
    if not composite[i] then
      count = count + 1
      for j = i * i, limit, i do composite[j] = true end
    end
  end
  local tail, seen = 0, 0
  local i = limit
  while seen < 100 and i >= 2 do
    if not composite[i] then
      tail = tail + i
      seen = seen + 1
    end
    i = i - 1
  end
  return count, tail
end

local function run(limit)
  local count, tail
  for _ = 1, 12 do count, tail = sieve(limit) end
  return string.format("%d %d", count, tail)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 2000000
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
