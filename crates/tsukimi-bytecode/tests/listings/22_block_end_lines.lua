-- Lines of code emitted when blocks close: CLOSE at a block's last token, a while loop's
-- back jump, a loop's break label at its `end`, the final RETURN at the last token.
local f, g
while f do
  local x = 1
  g = function() return x end
  f(x,
    2)
end
while g
do
end
for i = 1, 3 do
  local y = i
  g = function()
    return y
  end
end
for k, v in pairs(f) do
  local z = k
  g = function() return z, v end
  f(
    z)
end
repeat
  local w = 1
  g = function() return w end
until w
  == 2
if f then
  local a = 1
  g = function() return a end
  f(a,
    a)
elseif g then
  local b = 2
  g = function() return b end
else
  local c = 3
  g = function()
    return c end
end
do
  local d = 4
  g = function() return d end
  do
    local e = 5
    g = function() return e end
  end
end
local function h()
  while true do
    local q = 1
    g = function() return q end
    if q then break end
  end
  return
end
h(
)
g = function()
end
