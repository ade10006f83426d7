-- mandelbrot: escape-time iteration over an n x n grid of the Mandelbrot set.
-- Measures: float arithmetic and comparisons in a tight inner loop, integer counting.
-- Size: n, the grid side (default 1200). Needs: string.format.
-- Checksum: points inside the set and a position-weighted sum of them (exact integers);
-- bench/c/mandelbrot.c computes the same.
-- Protocol (see bench/README.md): prints `checksum <inside> <weighted>`.

local function run(n)
  local inside, weighted = 0, 0
  local max_iter = 50
  for y = 0, n - 1 do
    local ci = 2.0 * y / n - 1.0
    for x = 0, n - 1 do
      local cr = 2.0 * x / n - 1.5
      local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
      local escaped = false
      for _ = 1, max_iter do
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0 then
          escaped = true
          break
        end
      end
      if not escaped then
        inside = inside + 1
        weighted = (weighted + x * 7 + y * 13) % 1000000007
      end
    end
  end
  return string.format("%d %d", inside, weighted)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 1200
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
