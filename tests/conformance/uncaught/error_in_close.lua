-- A to-be-closed variable at top level whose __close raises while the chunk ends normally.
local x <close> = setmetatable({}, {__close = function() error("error while closing") end})
print("body finished")
