-- Metamethods that are native functions, or callable tables, rather than Lua functions: the
-- interpreter's common-case call of a Lua metamethod does not apply, the general call does.
local mt = {}
local a, b = setmetatable({1, 2, 3}, mt), setmetatable({4}, mt)

mt.__eq = rawequal
print(a == b, a == a, a ~= b)
mt.__lt = rawequal
print(a < b, pcall(function() return a <= b end))
mt.__le = rawequal
print(a <= b, b >= a)
mt.__unm = rawlen
print(-a, -b)
mt.__len = rawlen
print(#a, #b)
mt.__add = rawequal
print(a + b, a + 1, 2 + b)
mt.__concat = rawequal
print(a .. b, a .. "x")
mt.__index = rawget
print(a.missing, a[1], b[1])
print(pcall(function() return a // b end))

-- A callable table as a metamethod: its own __call runs with the operands.
local seen, calls = "", 0
local callable = setmetatable({}, {__call = function(self, p, q)
  calls = calls + 1
  seen = seen .. " " .. (rawequal(p, a) and "a" or "?") .. (rawequal(q, b) and "b" or rawequal(q, a) and "a" or "?")
  return calls
end})
mt.__eq, mt.__lt, mt.__unm, mt.__add = callable, callable, callable, callable
print(a == b, a < b, -a, a + b)
print(seen)

-- __call with a native function, and chains of callable tables.
local counted = setmetatable({}, {__call = select})
print(pcall(counted, 1, 2))
print(select("#", setmetatable({}, {__call = rawlen})()))
local inner = setmetatable({}, {__call = function(...) return select("#", ...) end})
local middle = setmetatable({}, {__call = inner})
local outer = setmetatable({}, {__call = middle})
print(outer(), outer(1, 2))
print(pcall(setmetatable({}, {__call = setmetatable({}, {__call = 42})})))

-- __newindex as a native function (rawset stores the value), and as a Lua function with more
-- parameters than the three operands (the extra one is nil).
local sink = setmetatable({}, {__newindex = rawset})
sink.k = "stored"
print(rawget(sink, "k"))
local extra
local four = setmetatable({}, {__newindex = function(t, k, v, more) extra = tostring(more) .. " " .. k .. "=" .. v end})
four.a = 1
print(extra, rawget(four, "a"))
