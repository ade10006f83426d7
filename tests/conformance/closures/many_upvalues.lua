-- A closure using many upvalues, and upvalues that are themselves captured parameters.
local src = ""
for i = 1, 200 do src = src .. "local u" .. i .. " = " .. i .. "\n" end
src = src .. "return function(k) local s = 0 "
for i = 1, 200 do src = src .. "s = s + u" .. i .. " " end
src = src .. "u1 = u1 + k return s end"
local f = load(src)()
print(f(10), f(0), f(0))
local function make(...)
  local a, b, c, d, e, g, h, i = ...
  return function() return a, b, c, d, e, g, h, i end
end
print(make(1, 2, 3, 4, 5, 6, 7, 8)())
print(make(1)())
local cells = {}
for i = 1, 5 do
  local v = i * i
  cells[i] = {get = function() return v end, set = function(x) v = x end}
end
cells[2].set(100)
print(cells[1].get(), cells[2].get(), cells[3].get())
