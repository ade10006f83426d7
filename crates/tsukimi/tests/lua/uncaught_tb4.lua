local t = setmetatable({}, {__add = function(a, b) return a.x.y end})
local r = t + 1
