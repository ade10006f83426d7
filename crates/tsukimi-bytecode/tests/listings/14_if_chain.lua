local x = ...
if x == 1 then
  print("one")
elseif x == 2 then
  print("two")
elseif x then
  local y = x
  print(y)
else
  print("other")
end
if x then end
if x then else end
if true then print("t") end
if false then print("f") end
if nil then print("n") else print("e") end
while x do if x then break end; x = nil end
return x
