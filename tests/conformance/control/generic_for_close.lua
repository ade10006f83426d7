-- The fourth value of a generic for is a to-be-closed variable (closed on any exit).
local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end
local function iter(n, name)
  local i = 0
  return function() i = i + 1 if i <= n then return i end end, nil, nil, closer(name)
end
for i in iter(2, "normal") do print("body", i) end
for i in iter(5, "break") do if i == 2 then break end print("body", i) end
local function early_return()
  for i in iter(5, "return") do if i == 3 then return "returned " .. i end end
end
print(early_return())
print(pcall(function()
  for i in iter(5, "error") do if i == 2 then error("boom") end end
end))
local function goto_out()
  for i in iter(5, "goto") do if i == 1 then goto out end end
  ::out::
  return "after goto"
end
print(goto_out())
for _ in iter(0, "empty") do print("never") end
for i in iter(1, "nil-closer"), nil, nil, nil do print("nil closer ok", i) end
print(pcall(function() for _ in function() end, nil, nil, 42 do end end))
print(pcall(function() for _ in function() end, nil, nil, {} do end end))
for i in iter(2, "outer") do
  for j in iter(2, "inner" .. i) do
    if j == 2 then break end
    print("nested", i, j)
  end
end
