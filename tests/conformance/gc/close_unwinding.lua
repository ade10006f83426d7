-- To-be-closed variables: closing order, errors while closing, and unwinding through pcall.
local log = {}
local function closer(name, fail)
  return setmetatable({}, {__close = function(_, err)
    local shown = type(err) == "table" and "a table" or tostring(err)
    log[#log + 1] = name .. "(" .. shown .. ")"
    if fail then error(name .. " failed", 0) end
  end})
end
local function flush(label)
  local s = label .. ":"
  for i = 1, #log do s = s .. " " .. log[i] end
  print(s)
  log = {}
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
end
flush("normal")
print(pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", true)
  local c <close> = closer("c")
end))
flush("error while closing")
print(pcall(function()
  local a <close> = closer("a", true)
  local b <close> = closer("b")
  error("body error", 0)
end))
flush("body error then close error")
print(pcall(function()
  local a <close> = closer("a", true)
  local b <close> = closer("b", true)
  error("original", 0)
end))
flush("two failing closers")
local function inner()
  local i <close> = closer("inner")
  error("from inner", 0)
end
local function outer()
  local o <close> = closer("outer")
  inner()
end
print(pcall(outer))
flush("unwinding two frames")
print(pcall(function()
  local x <close> = closer("x")
  return pcall(function()
    local y <close> = closer("y")
    error("caught inside", 0)
  end)
end))
flush("nested pcall")
local function returns_values()
  local r <close> = closer("r")
  return "v1", "v2"
end
print(returns_values())
flush("return values kept")
print(pcall(function()
  local t <close> = closer("t")
  error({code = 1})
end) == false)
flush("table error value")
do
  local ok, err = pcall(function()
    local z <close> = setmetatable({}, {__close = function(_, e) error("replaced " .. tostring(e), 0) end})
    error("first", 0)
  end)
  print(ok, err)
end
