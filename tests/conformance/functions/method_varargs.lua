-- Methods with varargs, `self` as an ordinary parameter, and method calls on call results.
local obj = {name = "obj"}
function obj:collect(...)
  return self.name, select("#", ...), ...
end
print(obj:collect())
print(obj:collect(1, nil, 3))
print(obj.collect({name = "explicit self"}, "a"))
function obj.static(...) return select("#", ...) end
print(obj.static(), obj:static(), obj.static(obj, 1))
local function make() return obj end
print(make():collect("from call result"))
local mt = {__index = obj}
local inst = setmetatable({name = "instance"}, mt)
print(inst:collect(nil, nil))
function obj:rename(new) local old = self.name self.name = new return old, self end
local old, same = inst:rename("renamed")
print(old, same == inst, inst.name, obj.name)
local str_method = {upper = function(self, s) return self.prefix .. s end, prefix = ">"}
print(str_method:upper("x"), str_method.upper({prefix = "#"}, "y"))
print(pcall(function() return obj:missing() end))
print(pcall(function() local n = nil return n:method() end))
