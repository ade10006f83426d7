local a, b = ...
local r1 = a == b
local r2 = a ~= b
local r3 = a < b
local r4 = a <= b
local r5 = a > b
local r6 = a >= b
local r7 = a == 1
local r8 = 1 == a
local r9 = a < 100
local r10 = 100 < a
local r11 = a >= 2.0
local r12 = a == "s"
local r13 = a ~= nil
local r14 = a == true
local r15 = a > 1000
local r16 = a < 1.5
local r17 = a == 200
if a < b then print("lt") elseif a == b then print("eq") else print("gt") end
while a <= 10 do a = a + 1 end
return r1, r2, r3
