-- A `__gc` that is not a function is still called: a table with `__call` runs, and a value
-- that cannot be called gives the "error in __gc" warning (shown with warnings on).
warn("@on")
local callable = setmetatable({}, {__call = function(self, obj) print("called", obj.name) end})
setmetatable({name = "a"}, {__gc = callable})
collectgarbage()
setmetatable({name = "b"}, {__gc = 42})
collectgarbage()
setmetatable({name = "c"}, {__gc = "text"})
collectgarbage()
print("done")
