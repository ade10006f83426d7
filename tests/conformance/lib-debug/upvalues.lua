-- getupvalue / setupvalue / upvalueid / upvaluejoin
local up1, up2 = 1, 2
local function h() return up1 + up2 end
print(debug.getupvalue(h, 1))
print(debug.getupvalue(h, 2))
print(select("#", debug.getupvalue(h, 3)), select("#", debug.getupvalue(h, 0)))
print(debug.setupvalue(h, 1, 10), up1, h())
print(select("#", debug.setupvalue(h, 5, 10)))
print(pcall(debug.setupvalue, h, 1))
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.getupvalue, h))
print(pcall(debug.getupvalue, h, "x"))
-- native functions have unnamed upvalues
local it = string.gmatch("a b", "%a")
print(debug.getupvalue(it, 1) == "", select("#", debug.getupvalue(print, 1)))
-- _ENV is an upvalue of the main chunk's functions
local function uses_global() return print end
local envname, env = debug.getupvalue(uses_global, 1)
print(envname, env == _ENV)
local f = load("return x")
print(debug.getupvalue(f, 1), debug.setupvalue(f, 1, {x = "from custom env"}), f())
-- closed upvalues
local function counter()
  local n = 0
  return function() n = n + 1 return n end
end
local c1, c2 = counter(), counter()
c1() c1()
print(debug.getupvalue(c1, 1))
print(debug.getupvalue(c2, 1))
debug.setupvalue(c2, 1, 100)
print(c2())
-- ids
local function k() return up2 end
print(debug.upvalueid(h, 2) == debug.upvalueid(k, 1), debug.upvalueid(h, 1) == debug.upvalueid(k, 1))
print(type(debug.upvalueid(h, 1)), debug.upvalueid(h, 3), debug.upvalueid(h, 0))
print(debug.upvalueid(c1, 1) == debug.upvalueid(c2, 1), debug.upvalueid(c1, 1) == debug.upvalueid(c1, 1))
print(debug.upvalueid(it, 1) == debug.upvalueid(it, 1), debug.upvalueid(it, 1) == debug.upvalueid(it, 2))
print(pcall(debug.upvalueid, h))
print(pcall(debug.upvalueid, {}, 1))
-- join: h's first upvalue becomes k's (up2)
debug.upvaluejoin(h, 1, k, 1)
print(h(), debug.upvalueid(h, 1) == debug.upvalueid(k, 1))
up2 = 5
print(h(), up1)
debug.upvaluejoin(c1, 1, c2, 1)
print(c1(), c2(), c1())
print(pcall(debug.upvaluejoin, h, 3, k, 1))
print(pcall(debug.upvaluejoin, h, 1, k, 2))
print(pcall(debug.upvaluejoin, print, 1, k, 1))
print(pcall(debug.upvaluejoin, it, 1, k, 1))
print(pcall(debug.upvaluejoin, h, 1, it, 1))
print(pcall(debug.upvaluejoin, h, 1))
