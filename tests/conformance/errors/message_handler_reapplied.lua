-- The message handler of xpcall also handles errors raised by __close handlers while the
-- error unwinds, and errors raised inside the handler itself (again and again, one level
-- deeper each time, until "error in error handling").
print(xpcall(function() local x <close> = setmetatable({}, {__close=function() error("c") end}) error("o") end, function(m) return "H("..m..")" end))
local n=0 print(xpcall(error, function() n=n+1 error("again") end, "x")) print(n)
local m=0 print(xpcall(error, function(e) m=m+1 if m < 5 then error("again" .. m) end return "done " .. tostring(e) end, "x")) print(m)
local k=0
local function h2(e) k=k+1 return select(2, xpcall(error, h2, e)) end
print(xpcall(error, h2, "y")) print(k)
print(pcall(function() local x <close> = setmetatable({}, {__close=function() error("c2") end}) error("o2") end))
print(xpcall(function() local a <close> = setmetatable({}, {__close=function(_, e) error("first " .. tostring(e)) end}) local b <close> = setmetatable({}, {__close=function(_, e) error("second " .. tostring(e)) end}) error("orig") end, function(m) return "H[" .. m .. "]" end))
