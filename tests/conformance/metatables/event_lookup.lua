-- Metamethods are looked up raw in the metatable, at the moment of the operation.
local mt = {}
local obj = setmetatable({}, mt)
print(obj.x, pcall(function() return obj + 1 end))
mt.__index = function(_, k) return "late " .. k end
print(obj.x)
mt.__add = function() return "late add" end
print(obj + 1)
mt.__index = nil
print(obj.x)
mt.__eq = function() return true end
local other = setmetatable({}, mt)
print(obj == other)
mt.__eq = nil
print(obj == other)
local parent = {__add = function() return "from parent" end}
local child_mt = setmetatable({}, {__index = parent})
local child = setmetatable({}, child_mt)
print(pcall(function() return child + 1 end))
print(child_mt.__add ~= nil, rawget(child_mt, "__add"))
local gc_mt = setmetatable({}, {__index = {__tostring = function() return "inherited tostring" end}})
local inst = setmetatable({}, gc_mt)
print(tostring(inst) == "inherited tostring")
local len_mt = {}
local lt = setmetatable({1, 2, 3}, len_mt)
print(#lt)
len_mt.__len = function() return 99 end
print(#lt)
rawset(len_mt, "__len", nil)
print(#lt)
local shared = {__index = function() return "shared" end}
local a, b = setmetatable({}, shared), setmetatable({}, shared)
print(a.q, b.q, getmetatable(a) == getmetatable(b))
shared.__index = function() return "changed for both" end
print(a.q, b.q)
local call_mt = {}
local callee = setmetatable({}, call_mt)
print(pcall(callee))
call_mt.__call = function() return "now callable" end
print(callee())
local newindex_mt = {}
local target = setmetatable({}, newindex_mt)
target.first = 1
newindex_mt.__newindex = function() end
target.second = 2
target.first = 10
print(rawget(target, "first"), rawget(target, "second"))
