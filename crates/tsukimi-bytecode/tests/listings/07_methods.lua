local obj = {}
function obj.new(x) return setmetatable({x = x}, {__index = obj}) end
function obj:get() return self.x end
function obj.a.b.c:m(y) self.y = y end
local o = obj.new(3)
print(o:get())
o:set(1, 2, 3)
o.field:method "str"
o:method {1, 2}
local s = ("x"):rep(3)
return o:get()
