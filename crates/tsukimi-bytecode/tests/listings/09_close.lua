local function f()
  local x <close> = setmetatable({}, {__close = print})
  local y = 1
  return y
end
do
  local a <close> = nil
  local b <close> = io.open("x")
  print(a, b)
end
local function g()
  local h <close> = nil
  return f()
end
return f, g
