-- Upvalues of upvalues: closures several levels deep reach outer locals.
local function level1()
  local a = 1
  return function()
    local b = 10
    return function()
      local c = 100
      return function()
        a = a + 1; b = b + 1; c = c + 1
        return a + b + c
      end
    end
  end
end
local l2 = level1()
local l3 = l2()
local l4a, l4b = l3(), l3()
print(l4a(), l4a(), l4b(), l4b())
local l3b = l2()
local l4c = l3b()
print(l4c(), l4a())
local function chain(n)
  if n == 0 then return function() return "bottom" end end
  local inner = chain(n - 1)
  return function() return n .. ">" .. inner() end
end
print(chain(5)())
local x = "outer"
local function f()
  local function g()
    local function h() return x end
    return h
  end
  return g()
end
local h = f()
x = "changed"
print(h())
local function modifier()
  local v = 0
  local function set_deep(n)
    return (function() return (function() v = n end)() end)()
  end
  set_deep(42)
  return v
end
print(modifier())
