local a, b, c = ...
local x = a and b
local y = a or b
local z = a and b or c
local w = (a or b) and (c or a)
local v = not a and b
local u = a and 1 or 2
local t = a == nil or b ~= false
if a and b then print(1) end
if a or b then print(2) end
if not (a and b) then print(3) end
if a and (b or c) then print(4) else print(5) end
x = a or {}
y = a and a.b and a.b.c
z = nil or a
w = false and a
v = 1 and a
return a and b, a or b, not not a
