-- pairs and ipairs return the base library's own iterators, whatever the globals say, and
-- loops over them see every key, including tables changed during traversal and hooks.
local original_next = next
print(select(1, pairs({})) == next, select(1, ipairs({})) == select(1, ipairs({1})))
next = function() error("the global next must not be used by pairs") end
local n = 0
for k, v in pairs({10, 20, x = 30}) do n = n + 1 end
print(n)
next = original_next

-- every key once, values updated during traversal
local t = {}
for i = 1, 100 do t[i] = i; t["k" .. i] = i end
local seen, sum = 0, 0
for k, v in pairs(t) do
  seen = seen + 1; sum = sum + v
  t[k] = v * 2
end
print(seen, sum, t[50], t.k50)

-- ipairs stops at the first nil and honours __index (through the call)
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, "=", v, " ") end
print()
for i, v in ipairs({1, 2, nil, 4}) do io.write(i, " ") end
print()

-- one, two and three loop variables
for k in pairs({a = 1}) do print(k) end
for i, v, extra in ipairs({"x"}) do print(i, v, extra) end

-- an invalid key still raises next's error
print(pcall(function() for k in next, {}, "nokey" do end end))

-- a count hook sees the iterator calls
local calls = 0
debug.sethook(function() calls = calls + 1 end, "c")
for _ in pairs({1, 2, 3}) do end
debug.sethook()
print(calls > 3)
