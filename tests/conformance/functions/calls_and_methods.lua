-- Call forms: method calls, string and table call sugar, function statements.
local obj = {name = "obj"}
function obj.plain(a, b) return a, b end
function obj:method(a) return self.name, a end
print(obj.plain(1, 2), obj:method(3), obj.method(obj, 4))
print(obj:method "sugar", type(select(2, obj:method {1})))
local function id(x) return x end
print(id "string arg", type(id {1, 2}), id [[long]])
local a = {b = {c = {}}}
function a.b.c.f(x) return "deep " .. x end
function a.b.c:m(x) return self == a.b.c, x end
print(a.b.c.f("call"), a.b.c:m("self"))
local chained = {v = 0}
function chained:add(n) self.v = self.v + n return self end
print(chained:add(1):add(2):add(3).v)
local function curry(x) return function(y) return function(z) return x + y + z end end end
print(curry(1)(2)(3))
print(type(print), type(function() end), type(obj.plain))
local function defaults(a, b)
  a = a or "default a"
  if b == nil then b = "default b" end
  return a, b
end
print(defaults())
print(defaults(false, false))
local function extra_args(a) return a end
print(extra_args(1, 2, 3))
local function missing_args(a, b, c) return a, b, c end
print(missing_args(1))
local s = setmetatable({}, {__index = {greet = function(self, who) return "hi " .. who end}})
print(s:greet("there"))
local f = function(...) return select("#", ...) end
print(f(nil), f(nil, nil), (f)(), (function() return "anon" end)())
print(pcall(function() local t = {} return t:nothing() end))
print(pcall(function() local t = {} return t.nothing() end))
