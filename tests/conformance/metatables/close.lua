-- __close on to-be-closed variables: order, error values, and required metamethod.
local function closer(name)
  return setmetatable({}, {__close = function(self, err)
    print("closing", name, err)
  end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil
  local d <close> = false
  print("leaving block")
end
local function f()
  local x <close> = closer("x")
  return "result of f"
end
print(f())
print(pcall(function()
  local e1 <close> = closer("e1")
  local e2 <close> = closer("e2")
  error("the error")
end))
print(pcall(function()
  local bad <close> = {}
end))
print(pcall(function()
  local bad <close> = 42
end))
print(pcall(function()
  local bad <close> = setmetatable({}, {__close = 5})
  return "body ran"
end))
local args_seen
do
  local probe <close> = setmetatable({}, {__close = function(...) args_seen = select("#", ...) end})
end
print("close received", args_seen, "arguments")
for i = 1, 2 do
  local loop_var <close> = closer("loop " .. i)
  if i == 2 then break end
end
local function multi()
  local m <close> = closer("multi")
  return 1, 2, 3
end
print(multi())
local function with_goto()
  local n = 0
  ::again::
  do
    local g <close> = closer("goto " .. n)
    n = n + 1
    if n < 2 then goto again end
  end
  return n
end
print(with_goto())
