-- Names quoted in error messages end at their first zero byte, as lua5.4 formats them
-- with '%s' (a C string): constants, fields, called fields.
print(pcall(function() return ("a\0b") | 1 end))
print(pcall(function() local t = {} return t["x\0y"].z end))
print(pcall(function() local t = {} t["m\0n"]() end))
