-- print writes each value as soon as it is converted (luaB_print): a __tostring that
-- prints shows up in the middle of the line, and one that fails leaves the values before it
-- written, without a newline.
local loud = setmetatable({}, {__tostring = function() print("inner") return "loud" end})
print(1, loud, 2)
local bad = setmetatable({}, {__tostring = function() return {} end})
print(pcall(print, "a", "b", bad, "c"))
print("after")
