-- Scoping rules: `local x = x`, shadowing, `local function` vs `local f = function`.
x = "global x"
local x = x .. " copied into a local"
print(x)
do
  local x = "inner"
  print(x)
  do local x = x .. " shadowed again" print(x) end
  print(x)
end
print(x)
f = function() return "global f" end
local f = function() return f() end
print(f())
local function g(n) if n == 0 then return "local function sees itself" end return g(n - 1) end
print(g(3))
local h
h = function(n) if n == 0 then return "assigned later also works" end return h(n - 1) end
print(h(2))
for i = 1, 2 do
  local i = i * 10
  print("shadowed loop var", i)
end
local a, a = 1, 2
print(a)
local function params(b, b2)
  local b = b or "default"
  return b, b2
end
print(params(nil, 2), params("given"))
local t = {}
do
  local secret = "captured"
  function t.reveal() return secret end
end
print(t.reveal(), secret)
local count = 0
local function counter() count = count + 1 return count end
do
  local count = 100
  print(counter(), count)
end
print(count)
local n = 1
local function outer()
  local n = n + 1
  local function inner() local n = n + 1 return n end
  return n, inner()
end
print(outer())
print(n)
