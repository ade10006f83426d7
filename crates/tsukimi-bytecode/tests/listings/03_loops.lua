local sum = 0
for i = 1, 10 do sum = sum + i end
for i = 10, 1, -1 do sum = sum - i end
for x = 0.5, 3.5, 0.5 do sum = sum + x end
for k, v in pairs({1, 2, 3}) do sum = sum + v end
for i, v in ipairs({}) do
  if v then break end
end
while sum > 0 do
  sum = sum - 1
  if sum == 5 then break end
end
repeat
  local r = sum
  sum = sum + 1
until r > 10
repeat
  local q = sum
  local fn = function() return q end
until q
while true do end
