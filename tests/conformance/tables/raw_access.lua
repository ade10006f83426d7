-- rawget, rawset, rawequal, rawlen: the operations that bypass metamethods.
local log = {}
local mt = {
  __index = function(_, k) return "meta:" .. tostring(k) end,
  __newindex = function(t, k, v) rawset(t, k, "via newindex " .. tostring(v)) end,
  __len = function() return 42 end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)
print(t.missing, rawget(t, "missing"))
t.a = 1
print(t.a, rawget(t, "a"))
print(rawset(t, "b", 2) == t, t.b, rawget(t, "b"))
print(#t, rawlen(t))
local u = setmetatable({}, mt)
print(t == u, rawequal(t, u), rawequal(t, t), rawequal(1, 1.0), rawequal("a", "a"))
print(rawequal(nil, nil), rawequal(nil, false), rawequal(0, -0), rawequal({}, {}))
print(pcall(rawget, 1, 2))
print(pcall(rawget, "s", 1))
print(pcall(rawset, {}, nil, 1))
print(pcall(rawset, 1, 1, 1))
print(pcall(rawlen, nil))
print(pcall(rawlen, {}, 1))
print(pcall(rawequal, 1))
print(pcall(rawget, {}))
print(rawget({10, 20}, 2), rawget({10, 20}, 2.0), rawget({a = 1}, "a"), rawlen({1, 2, nil, 4}) >= 2)
print(select("#", rawget({}, "x")), rawlen(""), rawlen("abc"))
print(#log)
