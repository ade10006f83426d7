-- The table functions use __index, __newindex and __len (lua_geti/lua_seti/luaL_len).
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(t.n, table.concat(t, " | "))
end

local log = {}
local store = {10, 20, 30}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get" .. k; return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k .. "=" .. tostring(v); store[k] = v end,
  __len = function() log[#log + 1] = "len"; return #store end,
})
table.insert(proxy, 40)
table.insert(proxy, 1, 5)
print(table.concat(log, " ")); log = {}
show(table.remove(proxy, 2))
print(table.concat(log, " ")); log = {}
show(table.concat(proxy, ","))
print(table.concat(log, " ")); log = {}
show(table.unpack(proxy))
print(table.concat(log, " ")); log = {}
table.sort(proxy, function(a, b) return a > b end)
print(table.concat(store, ","))
log = {}
show(table.move(proxy, 1, 2, 3) == proxy)
print(table.concat(log, " "), table.concat(store, ","))

-- a userdata-like value: a table with only metamethods is accepted, a string is not
local readonly = setmetatable({}, {__index = function(_, i) return i * 2 end, __len = function() return 4 end})
show(table.concat(readonly, " "), table.unpack(readonly))
show(pcall(table.insert, readonly, 1))
show(pcall(table.concat, setmetatable({}, {__len = function() return 2.5 end})))
show(pcall(table.concat, setmetatable({}, {__len = function() return "3" end})))
show(pcall(table.unpack, setmetatable({}, {__len = function() return 2.0 end})))
show(pcall(table.insert, setmetatable({}, {__len = function() error("no len") end}), 1))
show(table.unpack("abc", 1, 2))
show(pcall(table.sort, setmetatable({}, {__len = function() return 3 end})))
local t = setmetatable({3, 1, 2}, {__newindex = function() error("frozen") end})
table.sort(t)
show(t[1], t[2], t[3])
local lt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i, v in ipairs({5, 3, 9, 1}) do objs[i] = setmetatable({v = v}, lt) end
table.sort(objs)
show(objs[1].v, objs[2].v, objs[3].v, objs[4].v)
show(pcall(table.sort, {1, "x", 2}))
show(pcall(table.sort, {{}, {}}))
