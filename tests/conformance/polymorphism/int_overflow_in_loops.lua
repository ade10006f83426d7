-- Integer results that wrap or turn into floats inside hot loops.
local x = 0x7fffffffffffffff - 500
for _ = 1, 1000 do x = x + 1 end
print(x)
local f = 2^53 - 500
for _ = 1, 1000 do f = f + 1 end
print(f, f == 2^53 + 500)
local p = 1
for i = 1, 70 do p = p * 2 end
print(p)
local fp = 1.0
for i = 1, 1100 do fp = fp * 2 end
print(fp, -fp)
local m = 1
for i = 1, 100 do m = (m * 6364136223846793005 + 1442695040888963407) end
print(m)
local h = 0
for i = 1, 1000 do h = (h * 31 + i) & 0xffffffff end
print(h)
local mixed = 0
for i = 1, 1000 do
  if i % 100 == 0 then mixed = mixed + 0.25 else mixed = mixed + 1 end
end
print(mixed)
local count = 0
for i = 0x7ffffffffffffff0, 0x7fffffffffffffff do count = count + 1 end
print(count)
for i = -0x7fffffffffffffff - 1, -0x7fffffffffffffff + 5, 3 do count = count + i % 7 end
print(count)
