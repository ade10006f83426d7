-- json: a JSON encoder and decoder written in Lua, round-tripping a generated document.
-- Measures: recursive descent parsing with string.byte/string.sub/string.find, string
-- escaping with gsub and a replacement table, building output in a buffer table, type
-- dispatch with type(), table construction while decoding.
-- Size: number of records in the document (default 8000), round-tripped 3 times.
-- Needs: string.byte, string.sub, string.find, string.format, string.gsub, string.char,
-- table.concat, table.sort, tonumber, type, pairs, next, error, math.floor.
-- Numbers are encoded as integers when they are integral (`%d`) and with `%.14g` otherwise,
-- so lua5.4 (integer/float) and luajit (double) produce the same text.
-- Checksum: the encoded length, a hash of the text, and the decoded record count.
-- Protocol (see bench/README.md): prints `checksum <length> <hash> <records>`.

local byte, sub, find, format = string.byte, string.sub, string.find, string.format
local concat = table.concat

---------------------------------------------------------------------------- encoder
local ESCAPES = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}

local function escape_char(c)
  return ESCAPES[c] or format("\\u%04x", byte(c))
end

local encode_value

local function encode_string(s, out)
  out[#out + 1] = '"'
  out[#out + 1] = (s:gsub('[%c"\\]', escape_char))
  out[#out + 1] = '"'
end

local function is_array(t)
  local n = #t
  if n == 0 then return next(t) == nil end
  for k in pairs(t) do
    if type(k) ~= "number" or k < 1 or k > n or k ~= math.floor(k) then return false end
  end
  return true
end

local function encode_table(t, out)
  if is_array(t) then
    out[#out + 1] = "["
    for i = 1, #t do
      if i > 1 then out[#out + 1] = "," end
      encode_value(t[i], out)
    end
    out[#out + 1] = "]"
    return
  end
  -- objects are written with sorted keys so the text is deterministic
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  out[#out + 1] = "{"
  for i = 1, #keys do
    if i > 1 then out[#out + 1] = "," end
    encode_string(keys[i], out)
    out[#out + 1] = ":"
    encode_value(t[keys[i]], out)
  end
  out[#out + 1] = "}"
end

function encode_value(v, out)
  local kind = type(v)
  if kind == "string" then
    encode_string(v, out)
  elseif kind == "number" then
    if v == math.floor(v) and v > -1e15 and v < 1e15 then
      out[#out + 1] = format("%d", v)
    else
      out[#out + 1] = format("%.14g", v)
    end
  elseif kind == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif kind == "table" then
    encode_table(v, out)
  else
    out[#out + 1] = "null"
  end
end

local function encode(v)
  local out = {}
  encode_value(v, out)
  return concat(out)
end

---------------------------------------------------------------------------- decoder
local decode_value

local function skip_space(text, pos)
  return find(text, "[^ \t\r\n]", pos) or #text + 1
end

local UNESCAPES = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"',
  ["\\"] = "\\", ["/"] = "/" }

local function decode_string(text, pos)
  local parts = {}
  local i = pos + 1
  while true do
    local s, e = find(text, '["\\]', i)
    if s == nil then error("unterminated string at " .. pos) end
    parts[#parts + 1] = sub(text, i, s - 1)
    if sub(text, s, s) == '"' then return concat(parts), e + 1 end
    local c = sub(text, s + 1, s + 1)
    if c == "u" then
      local code = tonumber(sub(text, s + 2, s + 5), 16)
      parts[#parts + 1] = string.char(code % 256)
      i = s + 6
    else
      parts[#parts + 1] = UNESCAPES[c] or error("bad escape at " .. s)
      i = s + 2
    end
  end
end

local function decode_array(text, pos)
  local result = {}
  pos = skip_space(text, pos + 1)
  if byte(text, pos) == 93 then return result, pos + 1 end -- ]
  while true do
    local value
    value, pos = decode_value(text, pos)
    result[#result + 1] = value
    pos = skip_space(text, pos)
    local c = byte(text, pos)
    if c == 93 then return result, pos + 1 end
    if c ~= 44 then error("expected , or ] at " .. pos) end
    pos = skip_space(text, pos + 1)
  end
end

local function decode_object(text, pos)
  local result = {}
  pos = skip_space(text, pos + 1)
  if byte(text, pos) == 125 then return result, pos + 1 end -- }
  while true do
    local key, value
    key, pos = decode_string(text, pos)
    pos = skip_space(text, pos)
    if byte(text, pos) ~= 58 then error("expected : at " .. pos) end
    value, pos = decode_value(text, skip_space(text, pos + 1))
    result[key] = value
    pos = skip_space(text, pos)
    local c = byte(text, pos)
    if c == 125 then return result, pos + 1 end
    if c ~= 44 then error("expected , or } at " .. pos) end
    pos = skip_space(text, pos + 1)
  end
end

function decode_value(text, pos)
  local c = byte(text, pos)
  if c == 123 then return decode_object(text, pos) end
  if c == 91 then return decode_array(text, pos) end
  if c == 34 then return decode_string(text, pos) end
  if c == 116 then return true, pos + 4 end
  if c == 102 then return false, pos + 5 end
  if c == 110 then return nil, pos + 4 end
  local s, e = find(text, "^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
  if s == nil then error("unexpected character at " .. pos) end
  return tonumber(sub(text, s, e)), e + 1
end

local function decode(text)
  local value = decode_value(text, skip_space(text, 1))
  return value
end

---------------------------------------------------------------------------- benchmark
local function make_document(records)
  local list = {}
  local seed = 2024
  for i = 1, records do
    seed = (seed * 3877 + 29573) % 139968
    list[i] = {
      id = i,
      name = format("user \"%d\"\twith\\escapes", seed),
      score = seed / 1024,
      active = seed % 2 == 0,
      tags = { "moon", "rabbit", format("t%d", seed % 50) },
      position = { x = seed % 640, y = seed % 480, z = -(seed % 7) },
    }
  end
  return { version = 3, generator = "tsukimi-bench", records = list }
end

local function text_hash(text)
  local h = 0
  for i = 1, #text, 5 do h = (h * 31 + byte(text, i)) % 1000000007 end
  return h
end

local function run(records)
  local document = make_document(records)
  local text = encode(document)
  local count = 0
  for _ = 1, 3 do
    local decoded = decode(text)
    count = #decoded.records
    local again = encode(decoded)
    if again ~= text then return "roundtrip-mismatch" end
    text = again
  end
  return format("%d %d %d", #text, text_hash(text), count)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 8000
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
