-- __newindex through tables and functions; only absent keys trigger it.
local log = {}
local t = setmetatable({existing = 1}, {__newindex = function(tbl, k, v)
  log[#log + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(tbl, k, v)
end})
t.existing = 2
t.new = 3
t.new = 4
t[1] = "one"
print(#log, log[1], log[2], t.existing, t.new, t[1])
local store = {}
local proxy = setmetatable({}, {__newindex = store, __index = store})
proxy.a = 10
print(rawget(proxy, "a"), store.a, proxy.a)
local inner = {}
local middle = setmetatable({}, {__newindex = inner})
local outer = setmetatable({}, {__newindex = middle})
outer.x = "deep"
print(rawget(outer, "x"), rawget(middle, "x"), inner.x)
local readonly = setmetatable({}, {__newindex = function(_, k) error("read-only: " .. k, 2) end})
print(pcall(function() readonly.field = 1 end))
local count = 0
local counting = setmetatable({}, {__newindex = function(tbl, k, v) count = count + 1 rawset(tbl, k, v) end})
for i = 1, 5 do counting[i] = i end
for i = 1, 5 do counting[i] = i * 2 end
print(count, counting[5])
counting[3] = nil
counting[3] = "again"
print(count)
local ignored = setmetatable({}, {__newindex = function() end})
ignored.x = 1
print(ignored.x, next(ignored))
rawset(ignored, "y", 2)
print(ignored.y)
print(pcall(function() setmetatable({}, {__newindex = 1}).x = 1 end))
print(pcall(function() setmetatable({}, {__newindex = "s"}).x = 1 end))
local both = setmetatable({}, {
  __index = function(_, k) return "get " .. k end,
  __newindex = function(tbl, k, v) rawset(tbl, k, "set " .. v) end,
})
print(both.a)
both.a = "b"
print(both.a)
local loop = setmetatable({}, {})
getmetatable(loop).__newindex = loop
print(pcall(function() loop.x = 1 end))
local chain_end = {}
local chain = chain_end
for _ = 1, 20 do chain = setmetatable({}, {__newindex = chain}) end
chain.deep = "stored at the end of a 20-table chain"
print(rawget(chain, "deep"), chain_end.deep)
