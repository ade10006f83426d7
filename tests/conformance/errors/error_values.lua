-- error() accepts any value; only strings get position information.
local function show(ok, err)
  if type(err) == "table" then return tostring(ok) .. " table " .. tostring(err.code) end
  if type(err) == "function" then return tostring(ok) .. " function" end
  return tostring(ok) .. " " .. type(err) .. " " .. tostring(err)
end
print(show(pcall(error, "plain")))
print(show(pcall(function() error("in function") end)))
print(show(pcall(function() error({code = 7}) end)))
print(show(pcall(function() error(42) end)))
print(show(pcall(function() error(4.5) end)))
print(show(pcall(function() error(true) end)))
print(show(pcall(function() error(false) end)))
print(show(pcall(function() error(nil) end)))
print(show(pcall(function() error() end)))
print(show(pcall(function() error(print) end)))
local t = {}
local ok, err = pcall(error, t)
print(ok, err == t)
print(select("#", pcall(error)))
print(pcall(error, "msg", 1))
print(pcall(error, "msg", 2))
print(pcall(error, "msg", 0))
local withmt = setmetatable({}, {__tostring = function() return "custom" end})
ok, err = pcall(error, withmt)
print(ok, err == withmt, tostring(err))
print(pcall(function() error("level 1 with number 123") end))
print(pcall(function() error("multi\nline") end))
print(pcall(function() error("") end))
