-- fib: naive doubly recursive Fibonacci.
-- Measures: Lua-to-Lua call and return overhead, integer add/compare.
-- Size: n, the Fibonacci index (default 36). Needs: nothing beyond the core language.
-- Protocol (see bench/README.md): `fib.lua [n] [iterations]`; prints `checksum <fib(n)>`.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local function run(n)
  return string.format("%d", fib(n))
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 36
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
