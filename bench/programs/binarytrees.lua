-- binarytrees: allocate and walk many short-lived complete binary trees (Benchmarks Game).
-- Measures: table allocation and garbage collection of small {left, right} nodes, recursion.
-- Size: maximum tree depth (default 15). Needs: string.format.
-- Checksum: the node checks of every depth group, joined, then the long-lived tree's check.
-- Protocol (see bench/README.md): prints `checksum <checks...>`.

local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottom_up(depth), bottom_up(depth) }
end

local function item_check(tree)
  if tree[1] then
    return 1 + item_check(tree[1]) + item_check(tree[2])
  end
  return 1
end

local function run(max_depth)
  local min_depth = 4
  if min_depth + 2 > max_depth then max_depth = min_depth + 2 end
  local parts = {}
  local stretch = bottom_up(max_depth + 1)
  parts[#parts + 1] = string.format("%d", item_check(stretch))
  local long_lived = bottom_up(max_depth)
  for depth = min_depth, max_depth, 2 do
    local iterations = 1
    for _ = 1, max_depth - depth + min_depth do iterations = iterations * 2 end
    local check = 0
    for _ = 1, iterations do check = check + item_check(bottom_up(depth)) end
    parts[#parts + 1] = string.format("%d", check)
  end
  parts[#parts + 1] = string.format("%d", item_check(long_lived))
  return table.concat(parts, " ")
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
