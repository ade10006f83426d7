-- read("n") on generated inputs: numeral fragments, signs, spaces and letters in random
-- orders (a fixed linear congruential sequence), each followed by read(1) to show where the
-- numeral reader stopped
local pieces = {"0", "1", "9", "x", "X", "a", "f", "e", "E", "p", "P", ".", "+", "-", " ", "\n",
  "g", "0x", "1e", "inf", "nan", "00", "0x1p", "\t"}
local state = 20240601
local function random(n)
  state = (state * 1103515245 + 12345) % 2147483648
  return state % n + 1
end
local name = os.tmpname()
for _ = 1, 400 do
  local parts = {}
  for _ = 1, random(12) do parts[#parts + 1] = pieces[random(#pieces)] end
  local text = table.concat(parts)
  local f = assert(io.open(name, "w"))
  f:write(text)
  f:close()
  f = assert(io.open(name))
  local out = {}
  for _ = 1, 4 do
    local v = f:read("n")
    out[#out + 1] = tostring(v) .. ":" .. tostring(math.type(v))
    out[#out + 1] = tostring(f:read(1))
  end
  f:close()
  print(string.format("%q", text), table.concat(out, ","))
end
os.remove(name)
