-- while and repeat loops; `until` sees the locals of the loop body.
local i, out = 0, ""
while i < 5 do i = i + 1; out = out .. i end
print(out, i)
while false do print("never") end
local n = 0
repeat n = n + 1 until n >= 3
print(n)
repeat local done = true until done
local count = 0
repeat
  local x = count * 2
  count = count + 1
until x >= 6
print(count)
local k = 10
repeat local k = k - 1; print("inner k", k) until k < 100
print("outer k", k)
local fs = {}
local j = 0
repeat
  j = j + 1
  local captured = j
  fs[j] = function() return captured end
until captured == 3
print(fs[1](), fs[2](), fs[3]())
local steps = 0
while true do
  steps = steps + 1
  if steps > 4 then break end
end
print(steps)
local a = 1
while a < 1000 do a = a * 3 end
print(a)
local nested = ""
local x = 0
while x < 3 do
  x = x + 1
  local y = 0
  repeat y = y + 1; nested = nested .. x .. y .. " " until y == x
end
print(nested)
