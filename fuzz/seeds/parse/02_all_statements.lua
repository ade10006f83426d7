local a <const>, b <close> = 1, nil
local function f(x, y, ...) return x + y, ... end
function t.a.b:m(z) return self, z end
for i = 1, 10, 2 do if i % 3 == 0 then break elseif i > 5 then goto done else end end
for k, v in pairs({1, 2, x = 3, [4] = 5; 6}) do print(k, v) end
while false do end
repeat local r = 1 until r
do ;;; end
::done::
e, b.c, d[1] = 1, 2, 3
return f(1, 2)
