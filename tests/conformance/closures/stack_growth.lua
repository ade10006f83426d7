-- Open upvalues and live locals must survive the Lua stack growing (and moving) under them.
local function deep(n, ...)
  if n == 0 then return select("#", ...) end
  return (deep(n - 1, n, ...))
end
local shared = 0
local function bump() shared = shared + 1 return shared end
local function grow_while_open()
  local mine = "before"
  local read = function() return mine end
  local write = function(v) mine = v end
  local depth = deep(150)
  write("after " .. depth)
  local r1 = read()
  local more = deep(180)
  return r1, read(), mine, more
end
print(grow_while_open())
local function recurse_with_closures(n, acc)
  if n == 0 then
    local total = 0
    for i = 1, #acc do total = total + acc[i]() end
    return total
  end
  local captured = n
  acc[#acc + 1] = function() captured = captured + 1 return captured end
  return recurse_with_closures(n - 1, acc) + 0
end
print(recurse_with_closures(5000, {}))
local function nested_growth(level)
  local v = level
  local get = function() return v end
  if level < 200 then
    local inner = nested_growth(level + 1)
    v = v + inner
  end
  return get()
end
print(nested_growth(1))
local big_args = {}
for i = 1, 200 do big_args[i] = i end
local function sum_varargs(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
local function spread(t, i, n) if i > n then return end return t[i], spread(t, i + 1, n) end
print(sum_varargs(spread(big_args, 1, 200)))
for _ = 1, 3 do bump() end
print(shared, deep(1000), shared)
