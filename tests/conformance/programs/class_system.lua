-- A small class system with inheritance, super calls, tostring and equality.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.new = function(...)
    local obj = setmetatable({}, c)
    if obj.init then obj:init(...) end
    return obj
  end
  c.super = parent
  return c
end
local Shape = class()
function Shape:init(name) self.name = name end
function Shape:area() return 0 end
function Shape:describe() return self.name .. " with area " .. self:area() end
Shape.__tostring = function(s) return "Shape(" .. s.name .. ")" end
local Rect = class(Shape)
function Rect:init(w, h) Shape.init(self, "rect") self.w, self.h = w, h end
function Rect:area() return self.w * self.h end
Rect.__tostring = Shape.__tostring
Rect.__eq = function(a, b) return a.w == b.w and a.h == b.h end
Rect.__lt = function(a, b) return a:area() < b:area() end
Rect.__le = function(a, b) return a:area() <= b:area() end
local Square = class(Rect)
function Square:init(side) Rect.init(self, side, side) self.name = "square" end
Square.__tostring = function(s) return "Square(" .. s.w .. ")" end
Square.__eq = Rect.__eq
Square.__lt = Rect.__lt
local shapes = {Shape.new("blob"), Rect.new(2, 3), Square.new(4), Rect.new(4, 4)}
for _, s in ipairs(shapes) do print(tostring(s), s:describe()) end
print(shapes[3] == shapes[4], shapes[2] < shapes[3], shapes[2] <= shapes[2], rawequal(shapes[3], shapes[4]))
print(getmetatable(shapes[3]) == Square, Square.super == Rect, Rect.super == Shape)
local function sort(list, less)
  for i = 2, #list do
    local v, j = list[i], i - 1
    while j >= 1 and less(v, list[j]) do list[j + 1] = list[j]; j = j - 1 end
    list[j + 1] = v
  end
end
local rects = {Rect.new(5, 1), Square.new(1), Rect.new(2, 2), Square.new(3)}
sort(rects, function(a, b) return a:area() < b:area() end)
local line = ""
for _, r in ipairs(rects) do line = line .. tostring(r) .. " " end
print(line)
local counter_class = class()
local instances = 0
function counter_class:init() instances = instances + 1 self.id = instances end
for _ = 1, 100 do counter_class.new() end
print(instances, counter_class.new().id)
