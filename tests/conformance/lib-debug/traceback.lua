local function clean(s)
  return (s:gsub("0x%x+", "ADDR"))
end
print(debug.traceback())
print(debug.traceback("message"))
print(debug.traceback("message", 2))
print(debug.traceback("message", 0))
print(debug.traceback("message", 50))
print(debug.traceback("message", -1))
print(debug.traceback(42))
print(debug.traceback(4.5, 1))
print(debug.traceback(nil, 1))
local t = {}
print(debug.traceback(t) == t, debug.traceback(print) == print, debug.traceback(true))
print(select("#", debug.traceback(nil)))
local function level3() return debug.traceback("deep", 1) end
local function level2() local r = level3() return r end
local function level1() local r = level2() return r end
print(level1())
local function rec(n) if n == 0 then return debug.traceback("rec") end local r = rec(n - 1) return r end
print(rec(30))
local function tail(n) if n == 0 then return debug.traceback("tail") end return tail(n - 1) end
print(tail(3))
print(pcall(debug.traceback, "x", "y"))
print(select(2, xpcall(function() error("err") end, debug.traceback)))
print(select(2, xpcall(function() error({}) end, debug.traceback)) ~= nil)
local co = setmetatable({}, {__index = function() return debug.traceback("meta") end})
print(co.x)
print(clean(tostring(select(2, pcall(string.rep)))))
