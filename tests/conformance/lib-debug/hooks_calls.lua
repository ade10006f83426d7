-- call/return/line events around pcall, error, iterators, varargs, metamethods
local ev = {}
local function hook(event, line)
  local info = debug.getinfo(2, "nSt")
  ev[#ev + 1] = event .. " " .. tostring(line) .. " " .. tostring(info.name) .. " "
    .. info.what .. (info.istailcall and " tail" or "")
end
local function dump()
  for _, e in ipairs(ev) do print(e) end
  ev = {}
end
local function fails() error("x") end
local function va(...) local n = select("#", ...) return n end
debug.sethook(hook, "crl")
local ok = pcall(fails)
va(1, 2)
debug.sethook()
dump()

-- generic for: the iterator is named "for iterator"
debug.sethook(hook, "cr")
for k, v in ipairs({10}) do
  local _ = k + v
end
debug.sethook()
dump()

-- a loaded chunk (vararg): its call event comes after VARARGPREP
local chunk = load("local a = 1\nlocal b = 2\nreturn a + b", "=chunk")
debug.sethook(hook, "crl")
chunk()
debug.sethook()
dump()

-- tail calls: one "tail call" event, one return
local function last(n) return n end
local function middle(n) return last(n + 1) end
local function first(n) return middle(n + 1) end
debug.sethook(hook, "cr")
first(1)
debug.sethook()
dump()

-- tail call of a native function from Lua
local function tailnative(x) return tostring(x) end
debug.sethook(hook, "cr")
tailnative(3)
debug.sethook()
dump()

-- metamethods are calls too
local mt = {
  __add = function(a, b) return 1 end,
  __index = function(t, k) return k end,
  __newindex = function(t, k, v) rawset(t, k, v) end,
  __call = function(self, x) return x end,
  __close = function() end,
}
local obj = setmetatable({}, mt)
debug.sethook(hook, "cr")
local _ = obj + 1
_ = obj.field
obj.other = 1
obj(5)
do
  local closing <close> = obj
end
debug.sethook()
dump()

-- error out of a hooked call: no return event for the frames it unwinds
debug.sethook(hook, "cr")
pcall(error, "e")
pcall(function() local x = nil; return x.y end)
debug.sethook()
dump()

-- line events in a function defined on one line
local function oneline() local a = 1 local b = 2 return a + b end
debug.sethook(hook, "l")
oneline()
oneline()
debug.sethook()
dump()

-- the hook sees the line of the instruction about to run
local seen = {}
debug.sethook(function(e, l)
  local info = debug.getinfo(2, "l")
  seen[#seen + 1] = tostring(l) .. "/" .. tostring(info.currentline)
end, "l")
local a = 1
local b = a +
  2
debug.sethook()
print(table.concat(seen, " "))
