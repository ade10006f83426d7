-- tablefill: fill tables and read them back: array part, hash part with integer and string
-- keys, the length operator, ipairs/pairs/next traversal, and field updates.
-- Measures: raw table get/set paths, table growth (rehash), traversal.
-- Size: number of elements (default 4000000). Needs: ipairs, pairs, string.format, tostring.
-- Checksum: integer sums of what was read back.
-- Protocol (see bench/README.md): prints `checksum <...>`.

local function run(n)
  -- array part, grown by appending
  local array = {}
  for i = 1, n do array[i] = i * 2 end
  local sum = 0
  for i = 1, #array do sum = sum + array[i] end
  for _, v in ipairs(array) do sum = sum - v + 1 end

  -- hash part with sparse integer keys
  local sparse = {}
  for i = 1, n do sparse[i * 7] = i end
  local sparse_sum = 0
  for k, v in pairs(sparse) do sparse_sum = (sparse_sum + k - v) % 1000000007 end

  -- string keys, built once and reused
  local keys = {}
  for i = 1, 1000 do keys[i] = "key" .. tostring(i) end
  local record = {}
  for round = 1, n / 1000 do
    for i = 1, 1000 do
      local key = keys[i]
      record[key] = (record[key] or 0) + round
    end
  end
  local string_sum = 0
  for _, v in pairs(record) do string_sum = string_sum + v end

  -- small records with fixed fields, read and written
  local points = {}
  for i = 1, n / 10 do points[i] = { x = i, y = -i, z = 0 } end
  for _ = 1, 5 do
    for i = 1, #points do
      local p = points[i]
      p.z = p.z + p.x - p.y
    end
  end
  local z_sum = 0
  for i = 1, #points do z_sum = (z_sum + points[i].z) % 1000000007 end

  return string.format("%d %d %d %d %d", #array, sum, sparse_sum, string_sum, z_sum)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 4000000
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
