-- kmercount: count k-mers of a generated DNA sequence in hash tables (k-nucleotide style).
-- Measures: string.sub producing many short strings, hash-table get/increment with string
-- keys, pairs() iteration, table.sort of the results.
-- Size: sequence length (default 1000000). Needs: string.sub, string.char, table.concat,
-- table.sort, pairs, ipairs, string.format.
-- Checksum: distinct k-mer counts for k = 1..6 and 12, and the most frequent 6-mer.
-- Protocol (see bench/README.md): prints `checksum <...>`.

local function make_sequence(length)
  local alphabet = { "a", "c", "g", "t" }
  local weights = { 30, 20, 20, 30 } -- percent
  local seed = 42
  local chunk = {}
  for i = 1, length do
    seed = (seed * 3877 + 29573) % 139968
    local r = seed * 100 / 139968
    local k = 1
    local acc = weights[1]
    while r >= acc and k < 4 do
      k = k + 1
      acc = acc + weights[k]
    end
    chunk[i] = alphabet[k]
  end
  return table.concat(chunk)
end

local function count(sequence, k)
  local counts = {}
  local sub = string.sub
  for i = 1, #sequence - k + 1 do
    local key = sub(sequence, i, i + k - 1)
    counts[key] = (counts[key] or 0) + 1
  end
  return counts
end

local function run(length)
  local sequence = make_sequence(length)
  local parts = {}
  for _, k in ipairs({ 1, 2, 3, 4, 5, 6, 12 }) do
    local counts = count(sequence, k)
    local distinct = 0
    for _ in pairs(counts) do distinct = distinct + 1 end
    parts[#parts + 1] = string.format("%d", distinct)
    if k == 6 then
      local entries = {}
      for key, n in pairs(counts) do entries[#entries + 1] = { key = key, n = n } end
      table.sort(entries, function(a, b)
        if a.n ~= b.n then return a.n > b.n end
        return a.key < b.key
      end)
      parts[#parts + 1] = entries[1].key .. "=" .. string.format("%d", entries[1].n)
    end
  end
  return table.concat(parts, " ")
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 1000000
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
