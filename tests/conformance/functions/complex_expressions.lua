-- Deeply nested calls, constructors and indexing in one expression (register pressure).
local function id(...) return ... end
local function pair(a, b) return {a, b} end
local obj = {data = {list = {10, 20, 30}}, name = "obj"}
function obj:get(i) return self.data.list[i] end
function obj:chain() return self end
print(id(id(1), id(2, 3), id(id(id(4, 5)))))
print(pair(pair(1, 2), pair(3, 4))[2][1], #pair(nil, nil), pair(id(7, 8))[2])
print(obj:chain():chain():get(obj:get(1) // 10 + 1), obj["data"]["list"][#obj.data.list])
print(({id(1, 2, 3)})[3], ({id(1, 2, 3), 4})[2], select("#", id(), id(), id(1)), ({id(), id(), id(1)})[3])
print((id(1, 2)), select(2, id(1, 2)), (select(2, id(1, 2, 3))))
local t = {f = function(...) return select("#", ...) end}
print(t.f(id(1, 2), id(3, 4)), t["f"](id()), t.f(nil, id()), t.f(id(), nil))
print(("literal"), #{n = 1, 1, 2, id(3, 4)})
local m = {1, {2, {3, {4, {5}}}}}
print(m[2][2][2][2][1], m[2][2][1] + m[2][1] * m[1] - #m)
local function cond(v) return v and "yes" or "no" end
print(cond(1 < 2 and 2 < 3), cond(nil or false), cond({} and nil), cond(id(false, true)))
local big = id(1) + id(2) * id(3) - id(4) / id(5) // id(1) % id(7) ^ id(2) .. id("!")
print(big)
local k = 0
local function inc() k = k + 1 return k end
local r = {inc(), inc(), [inc() + 10] = inc(), inc()}
print(r[1], r[2], r[3], r[13], k)
print(pcall(function() return id(nil).field end))
print(pcall(function() return obj:get(1):bad() end))
