-- intarith (Lua 5.4 only): 64-bit integer arithmetic with wraparound, floor division and
-- the bitwise operators, as in hashing and random number generation code.
-- Measures: integer-only operators `//`, `&`, `|`, `~`, `<<`, `>>` and wrapping `*`, which a
-- 5.4 runtime must keep distinct from float arithmetic.
-- Size: number of hash/RNG steps (default 25000000). Needs: string.format (%x).
-- Marked lua54_only in bench/manifest.toml: luajit cannot parse these operators.
-- Protocol (see bench/README.md): prints `checksum <hex> <hex> <int>`.

local function run(n)
  -- FNV-1a over a stream of bytes, 64-bit wrapping multiply
  local hash = -3750763034362895579 -- 0xcbf29ce484222325 as a signed integer
  local prime = 1099511628211
  -- xorshift64* generator
  local state = 88172645463325252
  local folded = 0
  for i = 1, n do
    state = state ~ (state << 13)
    state = state ~ (state >> 7)
    state = state ~ (state << 17)
    local byte = state & 0xff
    hash = (hash ~ byte) * prime
    folded = folded + (byte // 3) - (i % 5) + ((state >> 33) & 1)
  end
  return string.format("%x %x %d", hash, state, folded)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 25000000
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
