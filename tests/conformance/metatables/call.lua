-- __call: callable tables, extra arguments, chained __call, errors.
local callable = setmetatable({name = "obj"}, {__call = function(self, a, b)
  return self.name, a, b
end})
print(callable(1, 2))
print(callable())
print(pcall(callable, "through pcall"))
local inner = setmetatable({}, {__call = function(...) return select("#", ...), ... end})
local outer = setmetatable({}, {__call = inner})
local n, first, second, third = outer("arg")
print(n, first == inner, second == outer, third)
local memo = setmetatable({}, {__call = function(self, k)
  local v = rawget(self, k)
  if v == nil then v = k * k; rawset(self, k, v) end
  return v
end})
print(memo(4), memo(4), rawget(memo, 4))
local obj = {method = callable}
print(obj.method("m"), select(3, obj:method("self")))
print(pcall(setmetatable({}, {__call = 1})))
print(pcall(setmetatable({}, {})))
local returns_many = setmetatable({}, {__call = function() return 1, 2, 3 end})
print(returns_many())
print((returns_many()))
local t = {}
for _, v in ipairs({returns_many}) do t[#t + 1] = select("#", v()) end
print(t[1])
local counter = setmetatable({n = 0}, {__call = function(self) self.n = self.n + 1 return self.n end})
counter(); counter()
print(counter(), counter.n)
