-- String methods through the string metatable, and string arithmetic coercion.
local s = "Hello"
print(s:len(), s:upper(), s:lower(), s:rep(3, "-"), s:sub(2, 3), s:byte(1), ("x"):rep(0))
print(("%d items"):format(5), ("a,b,c"):find(",", 1, true), ("key=val"):match("(%w+)=(%w+)"))
print(#string.rep("ab", 1000), string.char(72, 105), ("abc"):reverse())
print(getmetatable("").__index == string, pcall(function() return ("x"):nosuch() end))
print(table.concat({1, 2, 3}, ","), select("#", table.unpack({1, 2, nil, 4}, 1, 4)))
local t = {5, 2, 8, 1}
table.sort(t)
print(table.concat(t, " "))
