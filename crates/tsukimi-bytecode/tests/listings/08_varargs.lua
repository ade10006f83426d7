local function f(...)
  local a, b = ...
  local t = {...}
  local n = select('#', ...)
  print(...)
  return ...
end
local function g(a, b, ...)
  return a, b, (...)
end
local function h(...)
  return f(...), g(1, ...)
end
print(f(1, 2, 3))
return ...
