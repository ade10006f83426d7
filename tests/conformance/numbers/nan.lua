-- NaN: how it prints (sign included, as the C library prints it), and how it behaves.
local nan = 0/0
print(nan, -nan, -(0/0), 0/0 * -1, (1/0) - (1/0), (1/0) * 0)
print(nan == nan, nan ~= nan, nan < nan, nan > 0, rawequal(nan, nan))
print(tostring(nan) == tostring(0/0), tostring(nan) == tostring(-(0/0)))
local t = {}
print(pcall(function() t[nan] = 1 end))
print(pcall(rawset, t, nan, 1))
print(t[nan], rawget(t, nan), next(t))
print(pcall(function() return (0/0) | 0 end))
print((-1) ^ 0.5, 0.0 / 0.0, -(0.0 / 0.0))
print(1 % (0/0), (0/0) % 1, (1/0) % 2, 2 % (1/0))
