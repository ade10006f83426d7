-- Strings compare by bytes (unsigned), shorter prefix first; equality is by content.
local words = {"b", "a", "", "ab", "a\0", "a\0b", "B", "\255", "\128", "aa", "a b", "Z", "z",
  "10", "9", "-1", "~", "a\1", "\0", "\0\0"}
local function sort(list)
  for i = 2, #list do
    local v, j = list[i], i - 1
    while j >= 1 and list[j] > v do list[j + 1] = list[j]; j = j - 1 end
    list[j + 1] = v
  end
  return list
end
sort(words)
for i = 1, #words do
  print(i, #words[i], words[i] == "" and "<empty>" or words[i])
end
print("abc" < "abd", "abc" < "abcd", "abcd" < "abd", "" < "\0", "\0" < "\1", "a\0z" < "a\1")
print("A" < "a", "a" <= "a", "a" >= "b", "b" > "a", "\127" < "\128", "\254" < "\255")
local long1 = "this string is long enough not to be a short interned string in PUC Lua"
local long2 = "this string is long enough " .. "not to be a short interned string in PUC Lua"
print(long1 == long2, rawequal(long1, long2), long1 < long2, long1 <= long2, #long1)
local a, b = "x", ""
for _ = 1, 50 do b = b .. "x" end
for _ = 1, 49 do a = a .. "x" end
print(a == b, a < b .. "y", a .. "y" > b, (a .. "") == b)
local t = {}
t[long1] = 1
print(t[long2], t["this string is long enough not to be a short interned string in PUC Lua"])
