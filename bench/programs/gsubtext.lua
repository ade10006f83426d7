-- gsubtext: pattern matching over generated text with gsub, gmatch, find and match.
-- Measures: the Lua pattern matcher (character classes, captures, anchors, frontier-free
-- patterns), gsub with string, table and function replacements, gmatch iteration.
-- Size: number of words in the generated text (default 800000). Needs: string.gsub,
-- string.gmatch, string.find, string.match, string.lower, string.format, table.concat.
-- Checksum: counts and lengths from each pass.
-- Protocol (see bench/README.md): prints `checksum <...>`.

local VOCABULARY = {
  "lorem", "ipsum", "dolor", "sit", "amet", "moon", "tsukimi", "viewing", "autumn", "rabbit",
  "Mochi", "Lantern", "river", "Harvest", "night", "silver", "cloud", "pampas", "grass", "tea",
}

local function make_text(words)
  local parts = {}
  local seed = 99
  for i = 1, words do
    seed = (seed * 3877 + 29573) % 139968
    local word = VOCABULARY[seed % #VOCABULARY + 1]
    if seed % 11 == 0 then word = word .. tostring(seed % 1000) end
    parts[i] = word
    if seed % 13 == 0 then parts[i] = word .. "." end
    if seed % 17 == 0 then parts[i] = parts[i] .. "\n" end
  end
  return table.concat(parts, " ")
end

local function run(words)
  local text = make_text(words)
  local results = {}
  -- gsub with a string replacement and a count
  local vowelless, vowels = text:gsub("[aeiou]", "")
  results[#results + 1] = string.format("%d %d", #vowelless, vowels)
  -- gsub with a capture-based replacement
  local swapped = text:gsub("(%a+)(%d+)", "%2%1")
  results[#results + 1] = string.format("%d", #swapped)
  -- gsub with a table replacement
  local names = { moon = "MOON", tea = "TEA", rabbit = "usagi" }
  local renamed, renames = text:gsub("%a+", names)
  results[#results + 1] = string.format("%d %d", #renamed, renames)
  -- gsub with a function replacement
  local digits = 0
  local _ = text:gsub("%d+", function(d)
    digits = digits + #d
    return nil
  end)
  results[#results + 1] = string.format("%d", digits)
  -- gmatch word frequencies
  local counts, distinct = {}, 0
  for word in text:gmatch("%a+") do
    local key = word:lower()
    if counts[key] == nil then distinct = distinct + 1 end
    counts[key] = (counts[key] or 0) + 1
  end
  results[#results + 1] = string.format("%d %d", distinct, counts.tsukimi or 0)
  -- lines and sentences with anchored matches and find
  local capital_lines = 0
  for line in text:gmatch("[^\n]+") do
    if line:match("^%s*%u") then capital_lines = capital_lines + 1 end
  end
  local sentences, position = 0, 1
  while true do
    local s, e = text:find(".", position, true)
    if s == nil then break end
    sentences = sentences + 1
    position = e + 1
  end
  results[#results + 1] = string.format("%d %d", capital_lines, sentences)
  return table.concat(results, " ")
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 800000
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
