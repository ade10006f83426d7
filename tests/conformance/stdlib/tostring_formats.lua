-- tostring of tables, functions and __name-d objects: the type prefix before the address.
local function prefix(v) return (string.gsub(tostring(v), "0x%x+", "ADDRESS")) end
print(prefix({}), prefix(print), prefix(function() end))
print(prefix(setmetatable({}, {__name = "MyType"})))
print(prefix(setmetatable({}, {__name = 42})))
print(math.type(1), math.type(1.0), math.type("1"), math.type(2^53), math.type(1 // 1))
print(string.format("%.17g", 0.1), string.format("%d", 3.0), pcall(string.format, "%d", 3.5))
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger, math.huge, -math.huge)
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.ult(1, -1))
