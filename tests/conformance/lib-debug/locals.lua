-- debug.getlocal / debug.setlocal: named locals, temporaries, varargs, function form
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do out[i] = tostring((select(i, ...))) end
  print(table.concat(out, " "))
end
local function g(a, b, ...)
  local c = 10
  show(debug.getlocal(1, 1))
  show(debug.getlocal(1, 2))
  show(debug.getlocal(1, 3))
  show(debug.getlocal(1, -1))
  show(debug.getlocal(1, -2))
  show(debug.getlocal(1, -3))
  show(debug.getlocal(1, 0))
  print(debug.setlocal(1, 1, "A"), a)
  print(debug.setlocal(1, -2, "V"), ...)
  print(debug.setlocal(1, -5, "V"), debug.setlocal(1, 40, 1))
  local name, value = debug.getlocal(2, 1)
  print(name, type(value))
  print(debug.getlocal(0, 1), debug.getlocal(0, 2), debug.getlocal(0, 3))
  do
    local inner = "scoped"
    print(debug.getlocal(1, 4), (debug.getlocal(1, 6)))
  end
  print(debug.getlocal(1, 4))
end
g(1, 2, 3, 4)
local function novar(x) return debug.getlocal(1, -1) end
print(novar(1))
-- function form: parameter names only
local function params(p1, p2, ...) local notparam = 1 end
print(debug.getlocal(params, 1), debug.getlocal(params, 2), debug.getlocal(params, 3))
print(debug.getlocal(params, 0), debug.getlocal(params, -1), debug.getlocal(print, 1))
-- locals of a caller changed by a callee
local function bump()
  local name, v = debug.getlocal(2, 1)
  debug.setlocal(2, 1, v + 1)
  return name
end
local function caller()
  local counter = 41
  local n = bump()
  return n, counter
end
print(caller())
-- loop control variables are visible with their internal names
for i = 1, 2 do
  local names = {}
  local k = 1
  while true do
    local name = debug.getlocal(1, k)
    if not name then break end
    names[#names + 1] = name
    k = k + 1
  end
  print(table.concat(names, ","))
end
-- errors
print(pcall(debug.getlocal, 50, 1))
print(pcall(debug.getlocal, 1))
print(pcall(debug.getlocal, "x", 1))
print(pcall(debug.getlocal, -1, 1))
print(pcall(debug.setlocal, 50, 1, 1))
print(pcall(debug.setlocal, 1, 1))
print(pcall(debug.setlocal, 1))
