local function outer(a, b, ...)
  local c = a
  local function mid()
    local d = b
    return function(e)
      a = a + e
      return a, b, c, d, e, mid
    end
  end
  for i = 1, 10 do
    local j = i
    if j % 2 == 0 then goto continue end
    do
      local k = j
      local h = function() return k + j end
      if k > 5 then break end
    end
    ::continue::
  end
  while true do
    local z = 1
    local zz = function() return z end
    if z then break end
  end
  repeat
    local r = 1
    local rr = function() return r end
  until r == 1
  return mid
end
local obj = {n = 0}
function obj:inc(k) self.n = self.n + (k or 1); return self end
obj:inc():inc(2):inc()
print(obj.n, ("%d"):format(obj.n), #obj, obj["n"])
return outer
