local function closer(name) return setmetatable({}, {__close = function(_, e) print("close", name, e) end}) end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  print("body")
end
local function f()
  local x <close> = closer("x")
  return "ret"
end
print(f())
print(pcall(function()
  local y <close> = closer("y")
  error("boom")
end))
for i = 1, 2 do
  local z <close> = closer("z" .. i)
  if i == 1 then goto cont end
  print("i", i)
  ::cont::
end
while true do local w <close> = closer("w") break end
print(pcall(function() local bad <close> = 42 end))
local ok, err = pcall(function()
  local c1 <close> = setmetatable({}, {__close = function() error("in close") end})
  error("orig")
end)
print(ok, err)
local nilc <close> = nil
print("nil close ok")
local function iter()
  local i = 0
  return function() i = i + 1 if i <= 2 then return i end end, nil, nil, closer("for")
end
for i in iter() do print("it", i) end
for i in iter() do print("it-break", i) break end
print(pcall(function() for i in iter() do error("in loop") end end))
-- const
local K <const> = 10
print(K + 1)
