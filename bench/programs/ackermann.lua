-- ackermann: the Ackermann function, deeply recursive with many tiny calls.
-- Measures: call depth (stack growth to thousands of frames), calls in tail and non-tail
-- position, integer arithmetic.
-- Size: n in ack(3, n), repeated 1..n with ack(2, k) (default 10). Needs: nothing but the core.
-- Protocol (see bench/README.md): prints `checksum <sum>`.

local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end

local function run(n)
  local total = 0
  for k = 1, n do
    total = total + ack(3, k)
    total = total + ack(2, k * 50)
  end
  return string.format("%d", total)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 10
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
