-- The messages of deep-recursion errors (checked with string.find, hence in stdlib/).
local function deep(n) return 1 + deep(n + 1) end
local ok, msg = pcall(deep, 1)
print(ok, string.find(msg, "stack overflow", 1, true) ~= nil)
print((string.gsub(msg, "^.-:%d+: ", "")))
local mt = {}
mt.__index = function(t, k) return t[k .. "x"] end
ok, msg = pcall(function() return setmetatable({}, mt).a end)
print(ok, string.find(msg, "stack overflow", 1, true) ~= nil)
local ok2, f, err = pcall(load, "return " .. string.rep("(", 1000) .. "1" .. string.rep(")", 1000))
print(ok2, f, err)
