#!/usr/bin/env lua5.4
-- A script whose first line is a shebang: the line is skipped but still counted.
print(select(2, pcall(function() error("reported on line 3") end)))
print(loadfile("data/bom.lua")())
print(dofile("data/bom_shebang.lua"))
print(load("\239\187\191return 1"))
print(load("#!x\nreturn 1"))
local ok, err = pcall(function() error("still line 8") end)
print(err)
