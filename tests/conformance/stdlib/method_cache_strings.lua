-- Methods of strings (through the string metatable) and method calls in coroutines after
-- the classes change: every change must be seen by the next call, however many calls came
-- before (the base-library part is metatables/method_cache.lua).

local function warm(obj, name, n)
  local last
  for _ = 1, n or 50 do last = obj[name](obj) end
  return last
end

local Base = {}
Base.__index = Base
function Base:who() return "base" end
local obj = setmetatable({}, Base)
print("start", warm(obj, "who"))

-- String methods come through the string metatable the same way.
local s = "abc"
print("string", warm(s, "upper"))
local upper = string.upper
string.upper = function(x) return "[" .. x .. "]" end
print("string method replaced", s:upper())
string.upper = upper
print("string method restored", s:upper())
local smeta = getmetatable("")
local old_index = smeta.__index
smeta.__index = { upper = function() return "other table" end }
print("string __index replaced", s:upper())
smeta.__index = old_index
print("string __index restored", s:upper())

-- A class that is also written to in the loop that calls its methods.
local Counter = { count = 0 }
Counter.__index = Counter
function Counter:bump() Counter.count = Counter.count + 1; return Counter.count end
local c = setmetatable({}, Counter)
local sum = 0
for _ = 1, 100 do sum = sum + c:bump() end
print("class written in the loop", sum, Counter.count)

-- Methods in coroutines, with a change made by another coroutine.
local co = coroutine.wrap(function()
  for _ = 1, 3 do coroutine.yield(obj:who()) end
end)
print("coroutine", co())
Base.who = function() return "base3" end
print("coroutine after change", co(), co())

