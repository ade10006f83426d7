local N <const> = 10
local F <const> = 2.5
local S <const> = "name"
local B <const> = true
local Z <const> = nil
local a, b <const> = 1, 2
local T <const> = {}
local x = N * 2 + F
local y = S .. "!"
if B then x = x + 1 end
local function use() return N, S, T, Z end
for i = 1, N do x = x + i end
return x, y, a, b, t, N + N, -N, N // 3
