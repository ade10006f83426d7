-- spectralnorm: the spectral norm of an infinite matrix (Benchmarks Game algorithm).
-- Measures: tight float loops over arrays, a small function called in the inner loop.
-- Size: n, the vector length (default 800). Needs: math.sqrt, string.format.
-- Checksum: the norm, `%.9f`; bench/c/spectralnorm.c computes it identically.
-- Protocol (see bench/README.md): prints `checksum <norm>`.

local function A(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end

local function Av(x, y, n)
  for i = 1, n do
    local a = 0.0
    for j = 1, n do a = a + x[j] * A(i, j) end
    y[i] = a
  end
end

local function Atv(x, y, n)
  for i = 1, n do
    local a = 0.0
    for j = 1, n do a = a + x[j] * A(j, i) end
    y[i] = a
  end
end

local function AtAv(x, y, t, n)
  Av(x, t, n)
  Atv(t, y, n)
end

local function run(n)
  local u, v, t = {}, {}, {}
  for i = 1, n do u[i] = 1.0 end
  for _ = 1, 10 do
    AtAv(u, v, t, n)
    AtAv(v, u, t, n)
  end
  local vBv, vv = 0.0, 0.0
  for i = 1, n do
    local ui, vi = u[i], v[i]
    vBv = vBv + ui * vi
    vv = vv + vi * vi
  end
  return string.format("%.9f", math.sqrt(vBv / vv))
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 800
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
