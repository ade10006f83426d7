-- Collections triggered in the middle of operations must not lose live values.
local function churn()
  for _ = 1, 50 do local _ = {} end
end
local t = setmetatable({}, {__index = function(_, k) churn() collectgarbage() return {k} end})
print(t.a[1], t[10][1])
local acc = {}
for i = 1, 100 do
  acc[#acc + 1] = tostring(i) .. (function() collectgarbage("step") return "" end)()
end
print(#acc, acc[1], acc[100])
local concat = ""
for i = 1, 50 do
  concat = concat .. setmetatable({}, {__concat = function(a, b)
    collectgarbage()
    return (type(a) == "string" and a or "") .. i
  end})
end
print(#concat)
local function deep(n)
  if n == 0 then collectgarbage() return {} end
  local keep = {n}
  local r = deep(n - 1)
  r[#r + 1] = keep[1]
  return r
end
local r = deep(50)
print(#r, r[1], r[50])
local weak = setmetatable({}, {__mode = "v"})
local strong = {}
for i = 1, 100 do
  local v = {i}
  weak[i] = v
  if i % 2 == 0 then strong[#strong + 1] = v end
end
collectgarbage()
local n = 0
for _ in pairs(weak) do n = n + 1 end
print(n, #strong)
local res = {pcall(function() collectgarbage() return "a", "b", {} end)}
print(res[1], res[2], res[3], type(res[4]))
