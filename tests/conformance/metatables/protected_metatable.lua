-- __metatable hides the metatable from getmetatable and forbids setmetatable.
local mt = {__metatable = "locked", __index = {x = 1}}
local t = setmetatable({}, mt)
print(getmetatable(t), t.x)
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
local falsy_guard = setmetatable({}, {__metatable = false})
print(getmetatable(falsy_guard))
print(pcall(setmetatable, falsy_guard, {}))
local table_guard = {}
local guarded = setmetatable({}, {__metatable = table_guard})
print(getmetatable(guarded) == table_guard)
local open_mt = {}
local open = setmetatable({}, open_mt)
print(getmetatable(open) == open_mt, setmetatable(open, nil) == open, getmetatable(open))
mt.__metatable = nil
print(getmetatable(t) == mt)
print((pcall(setmetatable, t, {})))
print(getmetatable(t) == mt)
