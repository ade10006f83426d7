-- and / or / not: short-circuit evaluation and the values they produce.
local calls = 0
local function side(v) calls = calls + 1 return v end
print(nil and side(1), false and side(1), 0 and side(1), "" and side(2), calls)
print(nil or side(3), false or side(4), 0 or side(5), "" or side(6), calls)
print(not nil, not false, not 0, not "", not {}, not not nil, not not 1)
print(1 and 2 and 3, 1 and nil and 3, nil or false, false or nil, nil or nil)
print(false and nil, nil and false, 1 or error("never"), nil and error("never"))
local function multi() return 1, 2, 3 end
print(multi() and multi(), (multi()), multi() or 0, nil or multi())
print(calls)
local a, b = nil, 7
print(a == nil and "nil" or "not nil", b and b * 2 or -1, a and a * 2 or -1)
print(false == false and 1, nil ~= false or 2)
local x = 5
if x > 3 and x < 10 then print("in range") end
if not (x > 3) or x == 5 then print("five") end
while x > 0 and side(true) do x = x - 2 end
print(x, calls)
