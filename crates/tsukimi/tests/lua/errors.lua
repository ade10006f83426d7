local a, b = 1, 2.5
local t = {1,2,3,x=1,[a]="s"}
print(a+b, t.x, "hi")
local function f(...) local x <const> = 10; return x, ... end
for i=1,10 do a = a + i end
for k,v in pairs(t) do print(k,v) end
goto done
::done::
return f(a)
