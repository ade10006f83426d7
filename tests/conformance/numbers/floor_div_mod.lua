-- `//` and `%` for every sign combination, integers and floats.
local ints = {7, -7, 3, -3, 0, 1, -1, 6, -6}
for _, a in ipairs(ints) do
  local line = ""
  for _, b in ipairs({3, -3, 2, -2, 1, -1, 7}) do
    line = line .. " " .. (a // b) .. "," .. (a % b)
  end
  print(a, line)
end
local floats = {7.5, -7.5, 3.0, -3.0, 0.0, -0.0, 0.5}
for _, a in ipairs(floats) do
  local line = ""
  for _, b in ipairs({2.0, -2.0, 0.25, -0.25, 3, -3, 1/0, -1/0}) do
    line = line .. " " .. (a // b) .. "," .. (a % b)
  end
  print(a, line)
end
print(5 // 2.0, -5 // 2.0, 5 % 2.0, -5 % 2.0, 5.0 // 2, 5.0 % -2)
print(0x7fffffffffffffff // -1, (-0x7fffffffffffffff - 1) // -1, (-0x7fffffffffffffff - 1) % -1)
print(1e308 // 1e-308, 1e308 % 3, -1e308 % 3, 2^53 % 3, -(2^53) % 3)
print(5.3 // 1, -5.3 // 1, 5.3 % 1 < 0.31, -5.3 % 1 > 0.69)
