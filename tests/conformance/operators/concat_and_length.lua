-- The `..` and `#` operators on strings and numbers.
print("a" .. "b", "a" .. 1, 1 .. "a", 1 .. 2, 1.5 .. "", 2.0 .. "", -0.0 .. "")
print(1e100 .. "", 2^63 .. "", (1 << 63) .. "", 0.1 .. "", 1/0 .. "", -1/0 .. "")
print("" .. "", #("" .. ""), #("abc" .. "defg"), #(1 .. 22), #(1.0 .. ""))
print(#"", #"a", #"hello world", #"\0\0\0", #"\xff\xfe")
local s = ""
for i = 1, 10 do s = s .. i end
print(s, #s)
local parts = "x"
for _ = 1, 10 do parts = parts .. parts end
print(#parts)
print("a" .. "b" .. "c" .. "d" .. 1 .. 2 .. 3)
local function try(f)
  local ok, err = pcall(f)
  print(ok, err)
end
try(function() return "a" .. {} end)
try(function() return "a" .. nil end)
try(function() return true .. "a" end)
try(function() return 1 .. false end)
try(function() return #5 end)
try(function() return #nil end)
try(function() return #true end)
try(function() local x = 1 return #x end)
