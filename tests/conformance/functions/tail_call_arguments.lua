-- Tail calls adjust arguments to the callee's parameters: missing ones are nil, extra ones
-- are dropped (or kept as varargs), whatever was in the caller's registers before.
local function show(a, b, c, d)
  return tostring(a) .. " " .. tostring(b) .. " " .. tostring(c) .. " " .. tostring(d)
end
local function fewer(x)
  local junk1, junk2, junk3 = "j1", "j2", "j3" -- registers above the arguments hold values
  return show(x)
end
print(fewer(1))
local function more(x)
  return show(x, x + 1, x + 2, x + 3, x + 4, x + 5)
end
print(more(10))
local function none()
  local a, b, c, d, e = 1, 2, 3, 4, 5
  return show()
end
print(none())
local function to_vararg(...)
  return select("#", ...), ...
end
local function calls_vararg(a, b)
  return to_vararg(a, b, nil)
end
print(calls_vararg("p", "q"))
-- A callee with a much larger frame than the caller, deep enough to grow the stack.
local function big(n, acc)
  local a, b, c, d, e, f, g, h, i, j = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local k, l, m, o, p, q, r, s, t, u = 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
  if n == 0 then return acc + a + u end
  return big(n - 1, acc + 1)
end
local function small(n) return big(n, 0) end
print(small(100000))
-- Mutual tail calls between functions of different arity and frame size.
local ping, pong
function ping(n, a, b, c) if n == 0 then return "ping", a, b, c end return pong(n - 1, a) end
function pong(n, a) if n == 0 then return "pong", a end return ping(n - 1, a, n) end
print(ping(10001, "x"))
print(ping(10000, "y"))
-- A tail call that closes an upvalue (the frame's locals are captured first).
local function capture(n, fs)
  local v = n
  fs[#fs + 1] = function() return v end
  if n == 0 then return fs end
  return capture(n - 1, fs)
end
local fs = capture(5, {})
print(#fs, fs[1](), fs[6]())
-- A tail call from a method with varargs below its frame.
local obj = {}
function obj:sum(...)
  local n = select("#", ...)
  if n == 0 then return 0 end
  local first = ...
  return first + self:sum(select(2, ...))
end
function obj:tail(...) return self:sum(...) end
print(obj:tail(1, 2, 3, 4))
