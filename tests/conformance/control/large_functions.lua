-- conformance: skip-gc-stress
-- Generated chunks beyond the small-operand limits: many constants, long if-chains,
-- many locals. Strings are built by balanced concatenation (no table.concat).
local function join(parts, first, last)
  if first > last then return "" end
  if first == last then return parts[first] end
  local mid = (first + last) // 2
  return join(parts, first, mid) .. join(parts, mid + 1, last)
end
local function build(n, piece)
  local parts = {}
  for i = 1, n do parts[i] = piece(i) end
  return join(parts, 1, n)
end
local src = "local t = {} " .. build(300, function(i) return "t[" .. i .. "] = 's" .. i .. "' " end)
  .. "return t"
local t = load(src)()
print(#t, t[1], t[256], t[300])
src = "local x = ... return " .. build(300, function(i) return "x * " .. (i + 0.5) .. " + " end) .. "0"
print(load(src)(2))
src = "local x = ... " .. build(400, function(i)
  return (i == 1 and "if" or "elseif") .. " x == " .. i .. " then return 'branch " .. i .. "' "
end) .. "else return 'none' end"
local chain = load(src)
print(chain(1), chain(255), chain(256), chain(400), chain(401))
src = "return {" .. build(140000, function(i) return "'k" .. i .. "'," end) .. "}"
local many = load(src)()
print(#many, many[1], many[131071], many[131072], many[140000])
src = "local t = {} " .. build(1000, function(i) return "t.f" .. i .. "=" .. i .. " " end)
  .. "return t, t.f1 + t.f300 + t.f1000"
local fields, sum = load(src)()
print(fields.f1, fields.f256, fields.f1000, sum)
src = build(180, function(i) return "local v" .. i .. " = " .. i .. " " end)
  .. "return " .. build(180, function(i) return "v" .. i .. " + " end) .. "0"
print(load(src)())
src = "local x = ... " .. build(3000, function() return "x = x + 1 " end) .. "return x"
print(load(src)(0))
src = "local n = 0 while true do n = n + 1 if n > 3 then break end "
  .. build(2000, function(i) return "do local _ = " .. i .. " end " end) .. "end return n"
print(load(src)())
