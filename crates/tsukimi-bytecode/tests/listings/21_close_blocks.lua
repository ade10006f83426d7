local t = setmetatable({}, {__close = function() end})
do
  local a <close> = t
  local b <const> = 5
  local c = b * 2
  do
    local d <close> = t
    print(c)
  end
end
local function f()
  local x <close> = t
  for i = 1, 3 do
    local y <close> = t
    if i == 2 then return i end
  end
  return f()
end
local function g(...)
  local x <close> = t
  return ...
end
for k, v in next, t do print(k) end
for a, b, c, d, e in pairs(t) do print(a, b, c, d, e) end
return f, g
