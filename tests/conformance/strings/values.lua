-- Strings as values: type, tostring, concatenation with numbers, length, immutability.
print(type("x"), type(""), tostring("abc"), tostring(""), #tostring(12))
print("abc" .. 1 .. 2.0 .. -3 .. 1e20 .. "", #("x" .. 10 .. 0.5))
local s = "hello"
local u = s
s = s .. " world"
print(s, u, #s, #u)
local count = 0
local acc = ""
for i = 1, 100 do acc = acc .. (i % 10) count = count + 1 end
print(#acc, count, acc == acc .. "", acc .. "" == acc)
local pieces = {"a", "b", "c"}
local joined = ""
for _, p in ipairs(pieces) do joined = joined .. p .. "," end
print(joined)
print(#"\u{1F600}", "\u{1F600}" == "\xF0\x9F\x98\x80")
print(10 == "10", "10" + 0 == 10, tostring(10) == "10", tostring(10.0) == "10.0")
local s1, s2 = "same", "sa" .. "me"
print(s1 == s2, rawequal(s1, s2), rawlen(s1), rawlen(""))
print(pcall(rawlen, 5))
print(select("#", "a" .. "b"), ("a" .. "b"))
