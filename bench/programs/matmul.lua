-- matmul: dense n x n float matrix multiply with rows as Lua arrays.
-- Measures: nested array indexing (table of tables), float multiply-add in the inner loop.
-- Size: n, the matrix side (default 400). Needs: math.floor, string.format.
-- Checksum: the sum of the product's diagonal and one row, `%.6f`.
-- Protocol (see bench/README.md): prints `checksum <trace> <rowsum>`.

local function make_matrix(n, seed)
  local m = {}
  for i = 1, n do
    local row = {}
    for j = 1, n do row[j] = ((i * seed + j * 7) % 19 - 9) / 8.0 end
    m[i] = row
  end
  return m
end

local function multiply(a, b, n)
  local c = {}
  for i = 1, n do
    local ci, ai = {}, a[i]
    for j = 1, n do ci[j] = 0.0 end
    for k = 1, n do
      local aik, bk = ai[k], b[k]
      for j = 1, n do ci[j] = ci[j] + aik * bk[j] end
    end
    c[i] = ci
  end
  return c
end

local function run(n)
  local a = make_matrix(n, 3)
  local b = make_matrix(n, 5)
  local c = multiply(a, b, n)
  local trace, rowsum = 0.0, 0.0
  for i = 1, n do trace = trace + c[i][i] end
  local middle = c[math.floor(n / 2) + 1]
  for j = 1, n do rowsum = rowsum + middle[j] end
  return string.format("%.6f %.6f", trace, rowsum)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 400
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
