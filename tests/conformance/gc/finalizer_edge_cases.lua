-- Finalizers that allocate, create finalizable objects, or run collectgarbage themselves.
local log = {}
local function add(s) log[#log + 1] = s end
do
  local obj = setmetatable({}, {__gc = function()
    add("outer finalizer")
    local child = setmetatable({}, {__gc = function() add("child finalizer") end})
    child = nil
  end})
end
collectgarbage()
collectgarbage()
collectgarbage()
for i = 1, #log do print(log[i]) end
log = {}
do
  local obj = setmetatable({}, {__gc = function()
    local t = {}
    for i = 1, 100 do t[i] = {i} end
    add("allocating finalizer saw " .. #t)
  end})
end
collectgarbage()
print(log[1])
log = {}
do
  local obj = setmetatable({}, {__gc = function()
    add("collect inside finalizer returned " .. type(collectgarbage()))
  end})
end
collectgarbage()
print(log[1])
local marked = {}
local mt = {__gc = function(o) marked[#marked + 1] = o.n end}
local list = {}
for i = 1, 10 do list[i] = setmetatable({n = i}, mt) end
for i = 1, 10, 2 do list[i] = nil end
collectgarbage()
local s = ""
for i = 1, #marked do s = s .. marked[i] .. " " end
print(s)
list = nil
collectgarbage()
s = ""
for i = 1, #marked do s = s .. marked[i] .. " " end
print(s)
