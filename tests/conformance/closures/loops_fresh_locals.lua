-- Closures created in loops capture a fresh variable per iteration.
local fs = {}
for i = 1, 3 do fs[#fs + 1] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
fs = {}
for i = 3, 1, -1 do
  local j = i * 10
  fs[#fs + 1] = function() j = j + 1 return i, j end
end
print(fs[1](), fs[1](), fs[2](), fs[3]())
fs = {}
for k, v in pairs({a = 1}) do fs[1] = function() return k, v end end
for k, v in ipairs({"x", "y"}) do fs[#fs + 1] = function() return k, v end end
print(fs[1](), fs[2](), fs[3]())
fs = {}
local n = 0
while n < 3 do
  n = n + 1
  local captured = n
  fs[n] = function() captured = captured + 100 return captured end
end
print(fs[1](), fs[2](), fs[3](), fs[1]())
fs = {}
n = 0
repeat
  local r = n
  fs[#fs + 1] = function() return r end
  n = n + 1
until r >= 2
print(#fs, fs[1](), fs[2](), fs[3]())
fs = {}
for i = 1, 3 do
  fs[i] = function() i = i + 1 return i end
end
print(fs[1](), fs[1](), fs[2](), fs[3]())
fs = {}
local shared = 0
for i = 1, 3 do fs[i] = function() shared = shared + i return shared end end
print(fs[1](), fs[2](), fs[3]())
fs = {}
for i = 1, 4 do
  if i % 2 == 0 then goto continue end
  do
    local odd = i
    fs[#fs + 1] = function() return odd end
  end
  ::continue::
end
print(#fs, fs[1](), fs[2]())
fs = {}
for i = 1, 3 do
  local a, b = i, -i
  fs[i] = function() return a + b, a * b end
  if i == 2 then break end
end
print(#fs, fs[1](), fs[2]())
