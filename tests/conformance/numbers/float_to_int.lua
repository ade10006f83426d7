-- Float to integer conversion where an integer is required (bitwise ops, indices).
local function try(f, ...)
  local ok, err = pcall(f, ...)
  print(ok, err)
end
print(3.0 | 0, -3.0 | 0, 2^62 | 0, -(2^63) | 0, 1e18 | 0, 0.0 | 0, -0.0 & -1)
try(function() return 2^63 | 0 end)
try(function() return 3.5 | 0 end)
try(function() return -0.5 ~ 0 end)
try(function() return (1/0) & 1 end)
try(function() return (-1/0) >> 1 end)
try(function() return (0/0) << 1 end)
try(function() return 1e100 | 0 end)
try(function(x) return x & 1 end, 2.5)
try(function(x) return 1 | x end, 0.1)
local t = {}
t[1.0], t[2], t[2^53] = "one", "two", "big"
print(t[1], t[2.0], t[2^53 | 0], t[9007199254740992])
for k in pairs(t) do if k == 1 then print(k, "key stored as", tostring(k)) end end
print(2^31 | 0, 2^32 | 0, 2^53 | 0, -(2^53) | 0, 12345678.0 | 0)
print(0x7fffffffffffffff + 0.0 == 2^63, pcall(function() return (0x7fffffffffffffff + 0.0) | 0 end))
print(-9223372036854775808.0 | 0)
