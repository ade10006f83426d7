-- count hooks
local n = 0
debug.sethook(function(e) n = n + 1 end, "", 10)
print(debug.gethook() ~= nil, select(2, debug.gethook()), select(3, debug.gethook()))
for i = 1, 100 do local x = i * 2 end
debug.sethook()
print(n > 20, n < 200)

-- count hook together with line hook: count fires first
local ev = {}
debug.sethook(function(e, l) ev[#ev + 1] = e .. (l and (":" .. l) or "") end, "l", 1)
local y = 1
y = y + 1
debug.sethook()
print(table.concat(ev, " "))

-- gethook results
print(debug.gethook())
local function h() end
debug.sethook(h, "crl", 7)
local f, m, c = debug.gethook()
debug.sethook()
print(f == h, m, c)
debug.sethook(h, "")
print(debug.gethook())
debug.sethook(h, "", 0)
print(debug.gethook())
debug.sethook(h, "x", 3)
local f2, m2, c2 = debug.gethook()
debug.sethook()
print(f2 == h, m2, c2)

-- hooks do not nest; the hook function itself is not traced
local inside = 0
debug.sethook(function(e, l)
  inside = inside + 1
  local function nested() return 1 end
  nested()
end, "crl")
local z = 1
debug.sethook()
print(inside)

-- getinfo(2, "l") inside a line hook
local cur = {}
debug.sethook(function(e, l)
  cur[#cur + 1] = l == debug.getinfo(2, "l").currentline
end, "l")
local w = 1
w = w + 1
debug.sethook()
print(#cur, cur[1], cur[2])

-- errors in hooks propagate
local ok, err = pcall(function()
  debug.sethook(function(e, l) debug.sethook() error("boom at " .. tostring(l)) end, "l")
  local q = 1
end)
debug.sethook()
print(ok, err)

-- traceback inside a hook names it
local tb
debug.sethook(function()
  tb = debug.traceback("msg", 1)
  debug.sethook()
end, "l")
local u = 1
print((tb:gsub("\n[^\n]*%[C%]: in %?$", "")))
local hookname
debug.sethook(function()
  hookname = debug.getinfo(1, "n")
  debug.sethook()
end, "l")
u = 2
print(hookname.name, hookname.namewhat)

-- argument errors
print(pcall(debug.sethook, print))
print(pcall(debug.sethook, 1, "l"))
print(pcall(debug.sethook, print, "l", "x"))
