-- __gc and __mode in metatables: basic behaviour (the gc group goes deeper).
local collected = {}
do
  local obj = setmetatable({}, {__gc = function() collected[#collected + 1] = "obj" end})
  obj = nil
end
collectgarbage()
collectgarbage()
print(#collected, collected[1])
local weak = setmetatable({}, {__mode = "k"})
local key = {}
weak[key] = "value"
weak[{}] = "garbage key"
collectgarbage()
local n = 0
for k, v in pairs(weak) do n = n + 1 print(k == key, v) end
print(n)
local late = {}
local mt = {}
local obj = setmetatable({}, mt)
mt.__gc = function() late[#late + 1] = "late" end
obj = nil
collectgarbage()
print("__gc set after setmetatable:", #late)
local gc_false = setmetatable({}, {__gc = false})
gc_false = nil
collectgarbage()
print("__gc = false is fine")
local gc_number = setmetatable({}, {__gc = 42})
gc_number = nil
collectgarbage()
print("__gc = 42 ignored without error on stdout")
