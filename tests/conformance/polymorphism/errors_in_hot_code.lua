-- Errors raised deep inside hot call chains must report the right line and unwind cleanly.
local function c(x)
  if x == 1500 then error("c failed at " .. x) end
  return x + 1
end
local function b(x) return c(x) * 2 end
local function a(x) return b(x) - 1 end
local function run(limit)
  local sum = 0
  for i = 1, limit do sum = sum + a(i) end
  return sum
end
print(pcall(run, 1000))
print(pcall(run, 2000))
local function index_nil(t, i)
  return t[i].value
end
local items = {}
for i = 1, 2000 do items[i] = {value = i} end
items[1777] = nil
print(pcall(function()
  local s = 0
  for i = 1, 2000 do s = s + index_nil(items, i) end
  return s
end))
local function arith(v) return v * 2 end
print(pcall(function()
  local s = 0
  for i = 1, 3000 do s = s + arith(i == 2500 and {} or i) end
  return s
end))
local count = 0
local ok, err = pcall(function()
  for i = 1, 5000 do
    count = count + 1
    if i == 4321 then local t = nil; return t.x end
  end
end)
print(ok, err, count)
local results = {}
for round = 1, 3 do
  local ok2, e = pcall(run, 1499 + round)
  results[#results + 1] = tostring(ok2) .. ":" .. tostring(e)
end
print(results[1], results[2], results[3])
