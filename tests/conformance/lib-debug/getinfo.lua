-- getinfo by level through nested calls, tail calls and native frames
local function show(level, opts)
  local i = debug.getinfo(level + 1, opts or "nSlt")
  if not i then return print(level, "nil") end
  print(level, i.name, i.namewhat, i.what, i.short_src, i.currentline, i.linedefined,
    i.lastlinedefined, i.istailcall)
end
local function inner()
  for level = 0, 5 do show(level) end
end
local function middle() inner() end
local function outer() return middle() end
outer()
local t = setmetatable({}, {__index = function(t, k) show(1) return 1 end,
  __add = function() show(1) show(2) return 0 end})
local _ = t.x
_ = t + 1
table.sort({3, 2, 1}, function(a, b) show(1) show(2) return a < b end)
local co_info = {pcall(show, 1)}
print(select("#", debug.getinfo(1, "")))
for k, v in pairs(debug.getinfo(1, "")) do print(k, v) end
-- method and field names
local obj = {}
function obj:method() show(1) end
function obj.field() show(1) end
obj:method()
obj.field()
Global = function() show(1) end
Global()
-- source fields of a loaded chunk and a string chunk
local f = load("return debug.getinfo(1, 'S')", "=custom")
local s = f()
print(s.source, s.short_src, s.what, s.linedefined, s.lastlinedefined)
f = load("return debug.getinfo(1, 'S')", "some code here")
s = f()
print(s.source, s.short_src, s.what)
f = load("\n\nreturn debug.getinfo(1, 'S')", "@file.lua")
s = f()
print(s.source, s.short_src, s.what)
-- nups, nparams, isvararg
local up = 1
local function u3(a, b, c) return up end
local i = debug.getinfo(u3, "u")
print(i.nups, i.nparams, i.isvararg)
i = debug.getinfo(string.gmatch("a", "a"), "u")
print(i.nups, i.nparams, i.isvararg)
i = debug.getinfo(1, "u")
print(i.nups, i.nparams, i.isvararg)
-- func field
print(debug.getinfo(1, "f").func ~= nil, debug.getinfo(print, "f").func == print)
-- activelines
local function lines(fn)
  local t = {}
  for k in pairs(debug.getinfo(fn, "L").activelines) do t[#t + 1] = k end
  table.sort(t)
  return table.concat(t, ",")
end
print(lines(show), lines(outer), lines(function(...) return ... end))
print(debug.getinfo(print, "L").activelines)
-- errors
print(pcall(debug.getinfo, 1, ">S"))
print(pcall(debug.getinfo, 1, "xS"))
print(pcall(debug.getinfo, print, "q"))
print(pcall(debug.getinfo, 100, "xS"))
print(pcall(debug.getinfo, -1))
print(pcall(debug.getinfo, "a"))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, {}))
print(pcall(debug.getinfo, 1.5))
print(pcall(debug.getinfo, 1, {}))
