-- fft: the SciMark 2 complex FFT kernel, forward and inverse transforms in place.
-- Measures: float arrays indexed with computed integer indices, bit-reversal with integer
-- arithmetic, math.sin for the twiddle factors.
-- Size: log2 of the number of complex points (default 15 = 32768 points), transformed 20
-- times forward and back. Needs: math.sin, math.sqrt, math.abs, math.floor,
-- string.format.
-- Checksum: the sum of the data after the round trips (`%.6f`) and whether the RMS round-trip
-- error stayed below 1e-10 (an error value itself is too sensitive to print exactly).
-- Protocol (see bench/README.md): prints `checksum <sum> roundtrip-ok`.

local sin, sqrt, abs = math.sin, math.sqrt, math.abs
local PI = 3.141592653589793

-- Bit-reversal permutation of the n complex points (0-based indices as in SciMark; the
-- Lua array is 1-based, hence the `+ 1`s).
local function bitreverse(data, n)
  local j = 0
  for i = 0, n - 2 do
    local ii, jj = 2 * i, 2 * j
    local k = math.floor(n / 2)
    if i < j then
      data[ii + 1], data[jj + 1] = data[jj + 1], data[ii + 1]
      data[ii + 2], data[jj + 2] = data[jj + 2], data[ii + 2]
    end
    while k <= j do
      j = j - k
      k = math.floor(k / 2)
    end
    j = j + k
  end
end

local function transform(data, n, logn, direction)
  bitreverse(data, n)
  local dual = 1
  for _ = 1, logn do
    local w_real, w_imag = 1.0, 0.0
    local theta = 2.0 * direction * PI / (2.0 * dual)
    local s = sin(theta)
    local t = sin(theta / 2.0)
    local s2 = 2.0 * t * t
    for b = 0, n - 1, 2 * dual do
      local i = 2 * b
      local j = 2 * (b + dual)
      local wd_real, wd_imag = data[j + 1], data[j + 2]
      data[j + 1] = data[i + 1] - wd_real
      data[j + 2] = data[i + 2] - wd_imag
      data[i + 1] = data[i + 1] + wd_real
      data[i + 2] = data[i + 2] + wd_imag
    end
    for a = 1, dual - 1 do
      local tmp_real = w_real - s * w_imag - s2 * w_real
      local tmp_imag = w_imag + s * w_real - s2 * w_imag
      w_real, w_imag = tmp_real, tmp_imag
      for b = 0, n - 1, 2 * dual do
        local i = 2 * (b + a)
        local j = 2 * (b + a + dual)
        local z1_real, z1_imag = data[j + 1], data[j + 2]
        local wd_real = w_real * z1_real - w_imag * z1_imag
        local wd_imag = w_real * z1_imag + w_imag * z1_real
        data[j + 1] = data[i + 1] - wd_real
        data[j + 2] = data[i + 2] - wd_imag
        data[i + 1] = data[i + 1] + wd_real
        data[i + 2] = data[i + 2] + wd_imag
      end
    end
    dual = dual * 2
  end
end

local function run(logn)
  local n = 1
  for _ = 1, logn do n = n * 2 end
  local data, original = {}, {}
  local seed = 12345
  for i = 1, 2 * n do
    seed = (seed * 3877 + 29573) % 139968
    local v = seed / 139968
    data[i], original[i] = v, v
  end
  for _ = 1, 20 do
    transform(data, n, logn, -1)
    transform(data, n, logn, 1)
    for i = 1, 2 * n do data[i] = data[i] / n end
  end
  local sum, err = 0.0, 0.0
  for i = 1, 2 * n do
    sum = sum + data[i]
    local d = abs(data[i] - original[i])
    err = err + d * d
  end
  err = sqrt(err / n)
  return string.format("%.6f %s", sum, err < 1e-10 and "roundtrip-ok" or "roundtrip-bad")
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 15
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
