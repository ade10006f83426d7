-- __name is read as a C string: tostring and error messages stop at its first zero byte;
-- other bytes are printed as they are.
local t = setmetatable({}, {__name = "N\0ame"})
print((tostring(t):gsub("0x%x+", "ADDR")))
print(pcall(function() return t + 1 end))
print(pcall(function() return t < t end))
print(pcall(function() return #t .. t end))
local u = setmetatable({}, {__name = "\255raw"})
print((tostring(u):gsub("0x%x+", "ADDR")))
local e = setmetatable({}, {__name = "\0"})
print((tostring(e):gsub("0x%x+", "ADDR")))
