-- __index through tables and functions, chains of any depth, and rawget bypassing it.
local base = {greeting = "hello", shared = "base"}
local middle = setmetatable({shared = "middle"}, {__index = base})
local top = setmetatable({}, {__index = middle})
print(top.greeting, top.shared, top.missing, rawget(top, "greeting"))
local calls = {}
local fn_index = setmetatable({}, {__index = function(t, k)
  calls[#calls + 1] = tostring(k)
  return k == "computed" and 42 or nil
end})
print(fn_index.computed, fn_index.other, fn_index[1], #calls, calls[1], calls[3])
local t = setmetatable({present = false}, {__index = function() return "fallback" end})
print(t.present, t.absent)
local self_check
local probe = setmetatable({}, {__index = function(tbl, key) self_check = tbl return key end})
print(probe.x, self_check == probe, probe[10], probe[true])
local chain = {}
local current = chain
for i = 1, 50 do
  local nxt = {}
  setmetatable(current, {__index = nxt})
  current = nxt
end
current.deep = "found at depth 50"
print(chain.deep, chain.nothing)
local mixed = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "fn:" .. k end})})
print(mixed.a)
local num_index = setmetatable({}, {__index = {[1] = "one", [2.0] = "two"}})
print(num_index[1.0], num_index[2], num_index[3])
local cls = {}
cls.__index = cls
function cls.new(v) return setmetatable({v = v}, cls) end
function cls:get() return self.v end
local sub = setmetatable({}, {__index = cls})
sub.__index = sub
function sub.new(v) return setmetatable(cls.new(v), sub) end
function sub:get() return "sub " .. cls.get(self) end
print(cls.new(1):get(), sub.new(2):get(), getmetatable(sub.new(3)) == sub)
local nil_index = setmetatable({}, {__index = nil})
print(nil_index.x)
print(pcall(function() return setmetatable({}, {__index = 5}).x end))
print(pcall(function() return setmetatable({}, {__index = true}).x end))
local loop = setmetatable({}, {})
getmetatable(loop).__index = loop
print(pcall(function() return loop.x end))
