-- hooks switched on and off from unusual places start and stop at the exact instruction
local t = setmetatable({}, {__index = function()
  debug.sethook(function(e, l) print(e, l) end, "l")
  return 1
end})
local x = t.a
local y = 2
local z = 3
debug.sethook()

-- from a metamethod inside a loop, with a count
local mt = {__add = function()
  debug.sethook(function(e, l) print("add", e, l) end, "l", 3)
  return 1
end}
local o = setmetatable({}, mt)
for i = 1, 2 do
  local s = o + i
end
debug.sethook()

-- a call hook that switches to a line hook while a function is being entered
local function target(a)
  local b = a + 1
  return b
end
debug.sethook(function(e)
  if debug.getinfo(2, "n").name == "target" then
    debug.sethook(function(e2, l) print("after switch", e2, l) end, "l")
  end
end, "c")
target(1)
debug.sethook()

-- a line hook that turns itself off
local seen = 0
debug.sethook(function(e, l)
  seen = seen + 1
  if seen == 2 then debug.sethook() end
end, "l")
local a1 = 1
local a2 = 2
local a3 = 3
print("seen", seen)

-- from an iterator
local function iter(_, i)
  if i == 1 then debug.sethook(function(e, l) print("iter", e, l) end, "l") end
  if i < 3 then return i + 1 end
end
for i in iter, nil, 0 do
  local v = i
end
debug.sethook()

-- from inside pcall and xpcall handlers
pcall(debug.sethook, function(e, l) print("pcall", e, l) end, "l")
local q = 1
debug.sethook()
xpcall(error, function(m)
  debug.sethook(function(e, l) print("handler", e, l) end, "l")
  return m
end, "boom")
local r = 1
debug.sethook()
print("done")
