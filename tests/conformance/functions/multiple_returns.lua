-- Multiple results are adjusted in every position: truncated unless last in a list.
local function none() end
local function one() return 1 end
local function three() return 1, 2, 3 end
print(three())
print(three(), "x")
print("x", three())
print((three()))
print(none(), "after none")
print("before", none())
print(three(), three())
local a, b, c, d = three()
print(a, b, c, d)
a, b, c, d = 0, three()
print(a, b, c, d)
a, b, c, d = three(), 10
print(a, b, c, d)
a, b = none()
print(a, b)
local t = {three(), three()}
print(#t)
t = {three(), (three())}
print(#t)
t = {none()}
print(#t)
print(#{three(), nil})
local function ret_call() return three() end
print(ret_call())
local function ret_paren() return (three()) end
print(ret_paren())
local function ret_list() return 0, three() end
print(ret_list())
local function ret_mid() return three(), 0 end
print(ret_mid())
print(select("#", none()), select("#", (none())), select("#", one(), none()))
local s = "" .. three()
print(s, three() + 10, -three(), #{three()})
local up = {}
up.x, up.y, up.z = three()
print(up.x, up.y, up.z)
local function args(...) return select("#", ...) end
print(args(three()), args(three(), three()), args((three())), args(none(), none()))
print(args(nil, none()), args(none(), nil))
local ok, r1, r2, r3 = pcall(three)
print(ok, r1, r2, r3)
print(pcall(none))
print(select("#", pcall(none)))
local co_like = function(...) return ... end
print(co_like(co_like(co_like(1, 2, 3))))
if three() == 1 then print("condition uses first value") end
while none() do end
for i, v in three do print("iterates once", i, v) break end
