-- Local recursive functions, mutual recursion through upvalues, closures over varargs.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print(is_even(10), is_odd(7), is_even(7))
local function bind(f, ...)
  local n, args = select("#", ...), {...}
  return function(...)
    local all = {}
    for i = 1, n do all[i] = args[i] end
    local m = select("#", ...)
    for i = 1, m do all[n + i] = (select(i, ...)) end
    return f(nil, all, n + m)
  end
end
local function count(_, all, total)
  local s = ""
  for i = 1, total do s = s .. tostring(all[i]) .. " " end
  return s
end
print(bind(count, 1, nil, 3)(nil, 5))
local memo = {}
local function slow_square(n)
  if memo[n] then return memo[n], "cached" end
  memo[n] = n * n
  return memo[n], "computed"
end
print(slow_square(4))
print(slow_square(4))
local y = function(f)
  return (function(x) return x(x) end)(function(x) return f(function(v) return x(x)(v) end) end)
end
print(y(function(self) return function(n) if n == 0 then return 1 end return n * self(n - 1) end end)(10))
