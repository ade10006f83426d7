local function counter()
  local n = 0
  return function()
    n = n + 1
    return n
  end
end
local c1 = counter()
local up = 1
local function outer()
  local function inner()
    up = up + 1
    return up
  end
  return inner
end
do
  local captured = 5
  local f = function() return captured end
end
for i = 1, 3 do
  local g = function() return i end
end
return counter, c1, outer
