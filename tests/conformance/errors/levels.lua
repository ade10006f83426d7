-- error levels: 1 (the caller of error), 2 (its caller), 0 (no position), larger levels.
local function lvl(level) error("msg", level) end
local function outer(level) lvl(level) end
print(pcall(lvl, 1))
print(pcall(lvl, 2))
print(pcall(outer, 1))
print(pcall(outer, 2))
print(pcall(outer, 3))
print(pcall(outer, 0))
print(pcall(outer, 10))
local function check_arg(x)
  if type(x) ~= "number" then error("expected a number, got " .. type(x), 2) end
  return x
end
local function user() return check_arg("s") end
print(pcall(user))
local function deep3() error("from deep3", 3) end
local function deep2() deep3() end
local function deep1()
  deep2()
end
print(pcall(deep1))
print(pcall(error, "direct level 2", 2))
print(pcall(function() error("x", -1) end))
print(pcall(function() error(setmetatable({}, {__tostring = function() return "obj" end}), 1) end) == false)
print(pcall(function() error(nil, 2) end))
print(pcall(function() error("float level", 1.0) end))
print(pcall(function() error("bad level", "x") end))
