-- strbuild: building strings piecewise with table.concat, string.format and string.rep.
-- Measures: creation of many short strings, string.format with %6d, %-10s, %5.2f and %x,
-- buffer-style building in a table joined by table.concat, string.rep, string.byte to hash.
-- Size: number of lines built (default 600000). Needs: string.format, string.rep,
-- string.byte, string.upper, table.concat, tostring.
-- Checksum: length of the text and a hash over a sample of its bytes. Floats are formatted
-- from values /7 so no value is an exact decimal tie: luajit's own formatter rounds ties
-- differently from C's printf (0.125 -> "0.13" there, "0.12" in lua5.4).
-- Protocol (see bench/README.md): prints `checksum <length> <hash>`.

local format, rep, byte = string.format, string.rep, string.byte

local function run(n)
  local lines = {}
  for i = 1, n do
    local name = "item" .. tostring(i % 977)
    lines[#lines + 1] = format("%6d|%-10s|%5.2f|%x|%s", i, name, (i % 1000) / 7, i * 3,
      rep("-", i % 7))
    if i % 50 == 0 then lines[#lines + 1] = string.upper(name) end
  end
  local text = table.concat(lines, "\n")
  -- build again with repeated concatenation in small pieces, then join the chunks
  local chunks = {}
  for i = 1, n / 100 do
    local piece = ""
    for j = 1, 20 do piece = piece .. tostring(i + j) .. "," end
    chunks[i] = piece
  end
  local joined = table.concat(chunks, ";")
  local hash = 0
  for i = 1, #text, 7 do hash = (hash * 31 + byte(text, i)) % 1000000007 end
  for i = 1, #joined, 3 do hash = (hash * 31 + byte(joined, i)) % 1000000007 end
  return format("%d %d %d", #text, #joined, hash)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 600000
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
