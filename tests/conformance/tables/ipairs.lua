-- ipairs walks 1, 2, ... and stops at the first nil; it respects __index (5.4).
local function show(t)
  local out = ""
  for i, v in ipairs(t) do out = out .. i .. ":" .. tostring(v) .. " " end
  return out
end
print(show({}))
print(show({1, 2, 3}))
print(show({1, nil, 3}))
print(show({nil, 2}))
print(show({[1] = "a", [2] = "b", [4] = "d"}))
print(show({[0] = "zero", "one"}))
print(show({n = 1, "x", "y"}))
print(show({false, false, nil}))
local t = {1, 2, 3}
local f, s, i = ipairs(t)
print(type(f), s == t, i)
print(f(t, 0), f(t, 2), f(t, 3))
local proxy = setmetatable({}, {__index = function(_, k) if k <= 4 then return k * 10 end end})
print(show(proxy))
local mixed = setmetatable({1, 2}, {__index = {nil, nil, 3, 4}})
print(show(mixed))
print(pcall(ipairs))
local ok, iter, state, start = pcall(ipairs, nil)
print(ok, type(iter), state, start)
print(pcall(function() for _ in ipairs(nil) do end end))
local out = ""
for _, v in ipairs({"a", "b", "c", "d"}) do
  if v == "c" then break end
  out = out .. v
end
print(out)
local grow = {1}
local n = 0
for k in ipairs(grow) do
  n = n + 1
  if k < 5 then grow[k + 1] = k + 1 end
end
print(n, #grow)
