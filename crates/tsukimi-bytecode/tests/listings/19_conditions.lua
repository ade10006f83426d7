local x = ...
if 1 < x then print(1) end
if 1 <= x then print(1) end
if 1.0 > x then print(1) end
if "x" == x then print(1) end
if nil == x then print(1) end
if x == nil then print(1) end
if true == x then print(1) end
if not not x then print(1) end
if not x then print(2) end
while x and x.y or x.z do x = x.w end
repeat x = x - 1 until not (x > 0 and x < 100)
local y = x and x.y and x.y.z or "default"
local z = (x or 1) + (x and 2 or 3)
local w = x == 1 and "one" or x == 2 and "two" or "many"
print(x ~= 1, not (x == 2), x < 2.5, 300 < x, x >= -129, x > -128)
return x .. y .. (z .. w) .. f() .. "end"
