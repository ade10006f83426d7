-- Proper tail calls use no stack: a million-deep tail recursion must run.
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(1000000, 0))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(1000001), odd(1000001))
local function count_down(n, ...)
  if n == 0 then return select("#", ...), ... end
  return count_down(n - 1, ...)
end
print(count_down(1000000, "a", "b"))
local t = {}
function t.method(self, n) if n == 0 then return "method done" end return self:method(n - 1) end
print(t:method(300000))
local callable = setmetatable({}, {__call = function(self, n)
  if n == 0 then return "callable done" end
  return self(n - 1)
end})
print(callable(300000))
local function returns_many(n)
  if n == 0 then return 1, 2, 3 end
  return returns_many(n - 1)
end
print(returns_many(500000))
local function not_tail(n)
  if n == 0 then return 0 end
  return 1 + not_tail(n - 1)
end
print(not_tail(10000))
local function tail_in_paren(n)
  if n == 0 then return "x", "y" end
  return (tail_in_paren(n - 1))
end
print(tail_in_paren(100))
