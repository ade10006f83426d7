-- Method lookups through __index tables after the classes change: every change that can
-- alter a lookup must be seen by the next call, however many calls came before (tsukimi
-- caches these lookups by metatable and name; this script checks each way to invalidate).

local function warm(obj, name, n)
  local last
  for _ = 1, n or 50 do last = obj[name](obj) end
  return last
end

local function try(f, ...)
  local ok, err = pcall(f, ...)
  if ok then return "ok" end
  return err
end

-- A class hierarchy three levels deep.
local Base = {}
Base.__index = Base
function Base:who() return "base" end
function Base:kind() return "base-kind" end
local Mid = setmetatable({}, { __index = Base })
Mid.__index = Mid
function Mid:who() return "mid" end
local Leaf = setmetatable({}, { __index = Mid })
Leaf.__index = Leaf

local obj = setmetatable({}, Leaf)
print("start", warm(obj, "who"), warm(obj, "kind"))

-- Replacing a method in the class that holds it.
Mid.who = function() return "mid2" end
print("replaced in holder", obj:who())

-- A subclass now shadows the inherited method.
for _ = 1, 50 do obj:who() end
function Leaf:who() return "leaf" end
print("shadowed", obj:who())

-- Removing methods: the walk goes on to the parent, then finds nothing.
for _ = 1, 50 do obj:who() end
Leaf.who = nil
print("removed from leaf", obj:who())
Mid.who = nil
print("removed from mid", obj:who())
Base.who = nil
print("removed from base", try(function() return obj:who() end))
Base.who = function() return "base2" end
print("restored", obj:who())

-- rawset into a class.
for _ = 1, 50 do obj:kind() end
rawset(Mid, "kind", function() return "mid-kind" end)
print("rawset", obj:kind())

-- A parent link changes: the metatable of an __index table.
local Other = {}
function Other:kind() return "other-kind" end
function Other:who() return "other" end
for _ = 1, 50 do obj:kind() end
rawset(Mid, "kind", nil)
setmetatable(Mid, { __index = Other })
print("new parent", obj:kind(), obj:who())

-- The parent link's metatable changes its __index field.
for _ = 1, 50 do obj:kind() end
getmetatable(Mid).__index = Base
print("parent __index field", obj:kind())

-- The class's own __index changes, to a table and to a function.
for _ = 1, 50 do obj:kind() end
Leaf.__index = Other
print("class __index to table", obj:kind(), obj:who())
Leaf.__index = function(t, k) return function() return "fn:" .. k end end
print("class __index to function", obj:kind(), obj:who())
Leaf.__index = Leaf
print("class __index back", obj:kind(), obj:who())

-- The object gets a field of its own, then loses it.
for _ = 1, 50 do obj:who() end
obj.who = function() return "own" end
print("own field", obj:who())
obj.who = nil
print("own field removed", obj:who())

-- The object changes class.
for _ = 1, 50 do obj:who() end
setmetatable(obj, { __index = Other })
print("new class", obj:who())
setmetatable(obj, Leaf)
print("old class", obj:who())

-- Two objects of different classes through the same call site.
local A = { __index = { f = function() return "A" end } }
local B = { __index = { f = function() return "B" end } }
local objs = { setmetatable({}, A), setmetatable({}, B) }
local seen = {}
for i = 1, 100 do
  local o = objs[i % 2 + 1]
  seen[#seen + 1] = o:f()
  if i == 60 then A.__index.f = function() return "A2" end end
end
local window = ""
for i = 55, 66 do window = window .. seen[i] end
print("polymorphic", window)

-- Many classes through one call site (more than any small cache holds).
local classes = {}
for i = 1, 600 do
  local c = {}
  c.__index = c
  c.id = function() return i end
  classes[i] = setmetatable({}, c)
end
local function total()
  local sum = 0
  for i = 1, #classes do sum = sum + classes[i]:id() end
  return sum
end
print("many classes", total(), total())
getmetatable(classes[300]).id = function() return 0 end
print("one changed", total())

-- Fields read through __index tables (not calls), with constant and register keys.
local Defaults = { color = "red", size = 1 }
Defaults.__index = Defaults
local thing = setmetatable({}, Defaults)
local function read(n)
  local last
  for _ = 1, n do last = thing.color end
  return last
end
print("field", read(50), thing.size)
Defaults.color = "blue"
print("field changed", read(50))
thing.color = "own"
print("own field", read(50))
thing.color = nil
Defaults.color = nil
print("field removed", read(50))
local Parent = { shape = "round" }
setmetatable(Defaults, { __index = Parent })
print("field in parent", thing.shape, read(50))
Parent.color = "green"
print("color from parent", read(50))
local k = "shape"
for _ = 1, 50 do local _ = thing[k] end
Parent.shape = "square"
print("register key", thing[k])
getmetatable(Defaults).__index = function(_, key) return "computed " .. key end
print("computed", thing[k], read(50))

-- A loop in the __index chain: the same error as without any cache.
local Loop1, Loop2 = {}, {}
Loop1.__index = Loop2
Loop2.__index = Loop1
setmetatable(Loop1, Loop2)
setmetatable(Loop2, Loop1)
local looping = setmetatable({}, Loop1)
print("loop", try(function() return looping:missing() end))

-- A method name longer than any interned string.
local Long = {}
Long.__index = Long
Long.a_method_name_that_is_much_longer_than_forty_bytes_in_total = function() return "long" end
local lobj = setmetatable({}, Long)
print("long name", warm(lobj, "a_method_name_that_is_much_longer_than_forty_bytes_in_total"))
Long.a_method_name_that_is_much_longer_than_forty_bytes_in_total = function() return "long2" end
print("long name changed", lobj:a_method_name_that_is_much_longer_than_forty_bytes_in_total())

-- Classes that are collected: new classes made afterwards are not confused with them.
local function make_and_call(tag)
  local cls = {}
  cls.__index = cls
  cls.name = function() return tag end
  local o = setmetatable({}, cls)
  return warm(o, "name")
end
local names = {}
for i = 1, 20 do
  names[#names + 1] = make_and_call("c" .. i)
  if i % 5 == 0 then collectgarbage() end
end
print("collected classes", names[1], names[7], names[13], names[20], #names)

-- A class with weak values: the method is gone once collected.
local function weak_class(method)
  local cls = setmetatable({}, { __mode = "v" })
  cls.__index = cls
  cls.get = method
  return cls
end
local keep = { get = function() return "weak" end }
local weak = weak_class(keep.get)
local wobj = setmetatable({}, weak)
print("weak before", warm(wobj, "get"))
keep.get = nil
collectgarbage()
collectgarbage()
print("weak after", try(function() return wobj:get() end))
