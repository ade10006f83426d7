-- break from every loop kind, goto for continue, nested-loop exits and backward loops.
for i = 1, 10 do if i > 2 then break end print("for", i) end
for k in pairs({a = 1}) do print("pairs", k) break end
local w = 0
while true do w = w + 1 if w == 3 then break end end
print("while", w)
local r = 0
repeat r = r + 1 if r == 2 then break end until false
print("repeat", r)
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  print("odd", i)
  ::continue::
end
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    if i == 3 then goto done end
    print("pair", i, j)
  end
  ::next_i::
end
::done::
print("after nested")
local n = 0
::again::
n = n + 1
if n < 5 then goto again end
print("backward goto", n)
do
  local i = 1
  ::top::
  if i <= 3 then
    print("goto loop", i)
    i = i + 1
    goto top
  end
end
local fs = {}
do
  local k = 0
  ::loop::
  local captured = k
  fs[#fs + 1] = function() return captured end
  k = k + 1
  if k < 3 then goto loop end
end
print(fs[1](), fs[2](), fs[3]())
for i = 1, 3 do
  while true do
    if i == 2 then break end
    print("inner while", i)
    break
  end
end
do
  goto skip
  print("skipped")
  ::skip::
end
local function find(t, v)
  for i = 1, #t do
    if t[i] == v then goto found end
  end
  do return "missing" end
  ::found::
  return "found"
end
print(find({1, 2, 3}, 2), find({1, 2, 3}, 4))
