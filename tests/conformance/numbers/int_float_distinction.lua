-- Integers and floats are distinct subtypes that compare and hash as the same number.
print(tostring(1), tostring(1.0), 1 == 1.0, 3 == 3.0, -0 == -0.0, 2^53 == 2^53 | 0)
print(1, 1.0, 1 + 0, 1 + 0.0, 1 * 1.0, 2 / 1, 4 // 2, 4.0 // 2, 2^1, 7 % 2.0)
local t = {}
t[1] = "int"
t[1.0] = "float overwrites int"
t[2.0] = "float key normalised"
t[2^53] = "big"
print(t[1], t[2], rawget(t, 2), rawget(t, 2.0), #t, t[9007199254740992])
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
local function sort(list)
  for i = 2, #list do
    local v, j = list[i], i - 1
    while j >= 1 and list[j] > v do list[j + 1] = list[j]; j = j - 1 end
    list[j + 1] = v
  end
  return list
end
keys = sort(keys)
for i = 1, #keys do print("key", keys[i]) end
t[1.5] = "fraction"
print(t[1.5], t[3/2], rawequal(1, 1.0), rawequal(1.5, 3/2))
print(0x10, 16.0, 0x10 == 16.0, "10" == 10, 10 == "10")
print(100000000000000, 1e14, 100000000000000 == 1e14, tostring(1e14) == tostring(100000000000000))
print(-0.0, 0.0, -0.0 == 0.0, tostring(-0.0), tostring(0.0), 1/(-0.0), 1/0.0)
local z = {}
z[0] = "zero"
print(z[-0.0], z[0.0], z[-0])
print(3 | 0, 3.0 | 0, 3 // 1, 3.0 // 1, 3 % 1, 3.0 % 1, -3 // 1, -3.0 // 1)
print(2^2, 2^2 | 0, 10 / 5, (10 / 5) | 0, 1e3, 1e3 // 1 | 0)
