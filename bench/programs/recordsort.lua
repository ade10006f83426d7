-- recordsort: sort a table of records by several keys with table.sort and comparators.
-- Measures: table.sort calling a Lua comparator, field access on record tables, string
-- comparison. The comparator is a total order (ties broken by a unique id), so every correct
-- sort gives the same order whatever its algorithm.
-- Size: number of records (default 150000). Needs: table.sort, string.format, string.sub
-- called with method syntax (the string metatable).
-- Checksum: a position-weighted hash of the ids in each sorted order.
-- Protocol (see bench/README.md): prints `checksum <h1> <h2> <h3>`.

local function make_records(n)
  local records = {}
  local seed = 7
  local letters = "abcdefghijklmnopqrstuvwxyz"
  for id = 1, n do
    seed = (seed * 3877 + 29573) % 139968
    local a = seed % 26 + 1
    seed = (seed * 3877 + 29573) % 139968
    local b = seed % 26 + 1
    records[id] = {
      id = id,
      name = letters:sub(a, a) .. letters:sub(b, b) .. letters:sub((a + b) % 26 + 1, (a + b) % 26 + 1),
      age = seed % 90,
      score = (seed % 1000) / 10,
    }
  end
  return records
end

local function order_hash(records)
  local h = 0
  for i = 1, #records do h = (h * 31 + records[i].id * (i % 7 + 1)) % 1000000007 end
  return h
end

local function run(n)
  local records = make_records(n)
  table.sort(records, function(a, b)
    if a.name ~= b.name then return a.name < b.name end
    return a.id < b.id
  end)
  local h1 = order_hash(records)
  table.sort(records, function(a, b)
    if a.age ~= b.age then return a.age > b.age end
    if a.score ~= b.score then return a.score < b.score end
    return a.id > b.id
  end)
  local h2 = order_hash(records)
  table.sort(records, function(a, b) return a.id < b.id end)
  local h3 = order_hash(records)
  return string.format("%d %d %d", h1, h2, h3)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 150000
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
