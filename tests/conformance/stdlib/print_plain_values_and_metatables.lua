-- print writes plain values itself; a metatable on a basic type (debug.setmetatable) still
-- routes them through __tostring, as luaL_tolstring does.
print(1, 2.5, -0.0, 1e100, nil, true, false, "s\0t", math.mininteger, 0/0, 1/0)
debug.setmetatable(0, {__tostring = function(n) return "num" end})
print(1, 2.5)
debug.setmetatable(0, nil)
getmetatable("").__tostring = function(s) return "str" end
print("a", 1)
getmetatable("").__tostring = nil
debug.setmetatable(nil, {__tostring = function() return "NIL" end})
print(nil, false)
debug.setmetatable(nil, nil)
debug.setmetatable(true, {__name = "B"})
print(true)
