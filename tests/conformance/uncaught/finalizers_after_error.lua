-- Even after an uncaught error the state is closed: pending finalizers still print.
local obj = setmetatable({}, {__gc = function() print("finalizer after the error") end})
print("about to fail", obj ~= nil)
error("failure with a pending finalizer")
