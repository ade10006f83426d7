-- Comparison operators: numbers of both subtypes, strings, mixed types, NaN.
local nan = 0/0
print(1 == 1.0, 1 < 1.5, 2 > 1.5, -0.0 == 0, 0.0 == -0.0, nan == nan, nan ~= nan)
print(nan < 1, nan > 1, nan <= nan, nan >= nan, 1 < nan, not (nan < 1))
print(2^53 == 2^53 + 1, 9007199254740993 == 2^53, 9007199254740993 < 2^53 + 2)
print(9007199254740993 > 2^53, 9007199254740992 == 2^53, 9007199254740993 <= 2^53)
print(0x7fffffffffffffff < 2^63, 0x7fffffffffffffff == 2^63, -0x7fffffffffffffff - 1 == -2^63)
print(0x7fffffffffffffff + 0.0 == 2^63, 1 < 1/0, -1/0 < -0x7fffffffffffffff)
print(1 == "1", "1" == 1, "abc" == "abc", "abc" ~= "abd", {} == {}, nil == false)
print("a" < "b", "a" < "ab", "" < "a", "Z" < "a", "abc" < "abd", "b" < "abc")
print("10" < "9", "a\0b" < "a\0c", "a\0" > "a", "\255" > "\1", "A" <= "A", "B" >= "A")
local t, f = {}, function() end
print(t == t, f == f, t ~= f, print == print, true == true, false ~= nil)
local function try(f)
  local ok, err = pcall(f)
  print(ok, err)
end
try(function() return 1 < "2" end)
try(function() return "1" < 2 end)
try(function() return {} < {} end)
try(function() return nil < 1 end)
try(function() return true <= false end)
try(function() return 1 >= nil end)
try(function() return "a" > 1 end)
try(function() return print < print end)
local x = 1
for _, v in ipairs({-1, 0, 0.5, 1, 1.0, 2, -0.0}) do
  print(v, x < v, x <= v, x > v, x >= v, x == v, x ~= v)
end
