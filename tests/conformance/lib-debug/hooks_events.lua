-- line events: loops, backward jumps, one-line loops
local lines = {}
local function record(event, line)
  lines[#lines + 1] = line
end
local function loop()
  local s = 0
  for i = 1, 3 do
    s = s + i
  end
  local j = 0
  while j < 2 do j = j + 1 end
  repeat
    j = j - 1
  until j == 0
  return s
end
debug.sethook(record, "l")
loop()
debug.sethook()
print(table.concat(lines, " "))

-- call/return/tail call events with names and transfer info
local events = {}
local function hook(event, line)
  local info = debug.getinfo(2, "nSltr")
  events[#events + 1] = string.format("%s %s %s %s %s %d %d %s", event, tostring(line),
    tostring(info.name), info.namewhat, info.what, info.ftransfer, info.ntransfer,
    tostring(info.istailcall))
end
local function leaf(x) return x * 2 end
local function tail(x) return leaf(x + 1) end
local function multi(...) return ... end
local t = setmetatable({}, {__index = function(_, k) return k end})
debug.sethook(hook, "cr")
local r = tail(1)
local a, b = multi(1, 2, 3)
local v = t.key
local s = tostring(nil)
debug.sethook()
for _, e in ipairs(events) do print(e) end
print(r, a, b, v, s)

-- return hook reading results through getlocal(ftransfer)
local seen = {}
local function rethook(event)
  local info = debug.getinfo(2, "rn")
  if info.name == "pair" then
    for k = info.ftransfer, info.ftransfer + info.ntransfer - 1 do
      local name, value = debug.getlocal(2, k)
      seen[#seen + 1] = name .. "=" .. tostring(value)
    end
  end
end
local function pair(p) local q = p + 1 return p, q end
debug.sethook(rethook, "r")
pair(10)
debug.sethook()
print(table.concat(seen, " "))

-- call hook reading parameters
local params = {}
debug.sethook(function(event)
  local info = debug.getinfo(2, "rn")
  if info.name == "three" then
    for k = info.ftransfer, info.ftransfer + info.ntransfer - 1 do
      params[#params + 1] = table.concat({debug.getlocal(2, k)}, "=")
    end
  end
end, "c")
local function three(x, y, z) return x end
three("a", "b")
debug.sethook()
print(table.concat(params, " "))
