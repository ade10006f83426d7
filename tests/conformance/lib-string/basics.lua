-- string.len/sub/upper/lower/rep/reverse/byte/char and the string metatable.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(t.n, table.concat(t, " | "))
end
local function try(f, ...) show(pcall(f, ...)) end

print(string.len(""), string.len("abc"), ("a\0b"):len(), #"hello", string.len(123))
for _, ij in ipairs({{1}, {2}, {-3}, {0}, {2, 3}, {-2, -1}, {4, 2}, {1, 100}, {-100, 2},
    {math.mininteger, math.maxinteger}, {3, -3}, {6}, {5, 5}, {2.0, 3.0}}) do
  show(("hello"):sub(ij[1], ij[2]))
end
show(string.sub("", 1, 1), string.sub("abc", "2"), string.sub(12345, 2, -2))
try(string.sub, "abc")
try(string.sub, "abc", 1.5)
try(string.sub, "abc", "x")
try(string.sub)
try(string.sub, {}, 1)
print(string.upper("abcXYZ123\xe9"), string.lower("ABCxyz\xc9"), ("MiXeD"):upper(), ("MiXeD"):lower())
print(string.reverse("abc"), ("").reverse(""), ("a\0b"):reverse() == "b\0a")
show(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -1),
  string.rep("", 5), string.rep("ab", 1, ","), string.rep(1, 3), string.rep("a", 2, 3))
try(string.rep, "x", 1e10)
try(string.rep, "x", 2^31)
try(string.rep, "x", 1.5)
try(string.rep)
show(string.byte("ABC"), string.byte("ABC", 2), string.byte("ABC", -1), string.byte("ABC", 1, -1))
show(string.byte("ABC", 0), string.byte("ABC", 10), string.byte("", 1), string.byte("ABC", 3, 1))
show(string.byte("hello", -3, -2), ("\0\255"):byte(1, 2), string.byte("ABC", nil, 2))
show(string.char(), string.char(72, 105), string.char(0, 255) == "\0\255", string.char("65"))
try(string.char, 256)
try(string.char, -1)
try(string.char, 65, "x")
try(string.char, 65, nil)
show(pcall(string.dump, print))
show(pcall(string.dump))
show(pcall(string.dump, 1))
-- methods through the string metatable
local s = "Hello"
show(s:len(), s:upper(), s:rep(2, "-"), s:sub(2, 3), s:byte(1, 2), ("x"):rep(3))
print(getmetatable("").__index == string, getmetatable("abc") == getmetatable(""))
show(pcall(function() return ("x"):nosuch() end))
show(pcall(function() return ("x"):rep() end))
show(pcall(function() return ("x"):sub({}) end))
show(pcall(function() return string.rep() end))
show(pcall(function() local t = {rep = string.rep}; return t.rep() end))
-- numbers are converted to strings for string arguments
show(string.len(1.5), string.upper(1e100), string.rep(2^53, 2, "|"), string.reverse(-12))
-- string arithmetic coercion is still there
print("10" + 1, "3" * "4", 10 .. "", -"2", "0x10" + 0, pcall(function() return "a" + 1 end))
