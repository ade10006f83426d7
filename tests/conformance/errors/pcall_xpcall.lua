-- pcall and xpcall: results, handlers, nesting, errors in handlers.
print(pcall(function(...) return ... end, 1, 2, 3))
print(pcall(function() end))
print(select("#", pcall(function() return nil, nil end)))
print(pcall(pcall))
print(pcall(pcall, error, "inner"))
print(pcall(pcall, pcall, error, "innermost"))
print(pcall(nil))
print(pcall({}))
print(pcall(42, "x"))
local function handler(e) return "handled: " .. tostring(e) end
print(xpcall(function() error("boom") end, handler))
print(xpcall(function() return "fine", 2 end, handler))
print(xpcall(function(a, b) return a + b end, handler, 3, 4))
print(xpcall(function(a, b) return a + b end, handler, 3, nil))
local original = {}
print(xpcall(function() error(original) end, function(e) return e == original end))
print(xpcall(function() error() end, function(e) return "got " .. tostring(e) end))
print(xpcall(function() error("x") end, function(...) return select("#", ...) end))
print(xpcall(function() error("x") end, function() return 1, 2, 3 end))
print(xpcall(function() error("x") end, function() end))
print(xpcall(function() error("first") end, function(e) error("in handler") end))
print(xpcall(function() local x = nil; return x.y end, function(e) return "handled " .. e end))
print(pcall(xpcall))
print(pcall(xpcall, print))
print(xpcall(error, handler, "error as the function"))
local log = {}
local ok, value = pcall(function()
  local ok2, err2 = pcall(error, "inner error")
  log[#log + 1] = tostring(ok2) .. ":" .. err2
  error("outer error", 0)
end)
print(ok, value, log[1])
local depth = 0
local function nest(n)
  if n == 0 then error("bottom", 0) end
  local ok3, err3 = pcall(nest, n - 1)
  depth = depth + 1
  error(err3 .. "<" .. n, 0)
end
print(pcall(nest, 5))
print(depth)
print(xpcall(function() return xpcall(function() error("deep") end, function(e) return "inner handler: " .. e end) end, handler))
print(xpcall(function() error("with traceback arg") end, function(e) return type(e) end))
