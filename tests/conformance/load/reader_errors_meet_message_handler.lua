-- lua_load runs the reader through luaD_pcall with the caller's message handler: an error
-- raised by a reader (or "reader function must return a string") passes through the
-- nearest enclosing xpcall's handler, through none under pcall, and through lua.c's
-- traceback handler at the top of a script.
local H = function(m) return "H(" .. tostring(m) .. ")" end
local function bad() error("boom") end
print(xpcall(function() return load(bad) end, H))
print(xpcall(function() return pcall(load, bad) end, H))
print(xpcall(function() return select(2, pcall(function() return load(bad) end)) end, H))
print(xpcall(function() return load(bad) end, function(m) error("handler fails") end))
print(xpcall(function() return load(function() return {} end) end, H))
print(xpcall(function() return load(function() error() end) end, H))
print(xpcall(function() return load(function() error({}) end) end, function(m) return type(m) end))
print(xpcall(function() return xpcall(function() return load(bad) end, function(m) return "inner:" .. m end) end, H))
print(xpcall(function()
  return load(function()
    local x <close> = setmetatable({}, {__close = function(_, e) print("closer sees", e) end})
    error("with closer")
  end)
end, H))
print(xpcall(function() local f, e = load(function() local g, ee = load(bad) error(ee, 0) end) return f, e end, H))
print(xpcall(function() return load("x x") end, H))
print(xpcall(function() return load(function() return "x x" end) end, H))
-- Syntax errors are not runtime errors: no handler.
print(load(function() return "return +" end))
-- At the top of the script, lua.c's handler appends a traceback.
print(load(bad))
print(load(function() return true end))
print(load(function() error(nil) end))
print(load(function() error(setmetatable({}, {__tostring = function() return "TS" end})) end))
