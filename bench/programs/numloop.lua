-- numloop: plain numeric loops mixing integer-valued and float arithmetic.
-- Measures: arithmetic on locals with no tables or calls: add, multiply, modulo, division,
-- comparisons, math.floor and math.sqrt on floats; the type feedback an optimizer needs.
-- Size: iteration count (default 20000000). Needs: math.floor, math.sqrt, string.format.
-- Every integer value stays below 2^53, so lua5.4 integers and luajit doubles agree.
-- Protocol (see bench/README.md): prints `checksum <int-part> <float-part>`.

local floor, sqrt = math.floor, math.sqrt

local function run(n)
  local acc = 0
  local x = 0.5
  local harmonic = 0.0
  for i = 1, n do
    -- integer-valued work
    local a = i * 3 + 7
    local b = a % 1013
    if b > 500 then acc = acc + b else acc = acc - (b % 17) end
    acc = acc % 1000000007
    -- float work
    x = x * 1.0000001 + 0.25
    if x > 1000.0 then x = x - 999.0 end
    harmonic = harmonic + 1.0 / i
  end
  local roots = 0.0
  for i = 1, n / 4 do roots = roots + sqrt(i) - floor(sqrt(i)) end
  return string.format("%d %.6f %.6f %.3f", acc, x, harmonic, roots)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 20000000
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
