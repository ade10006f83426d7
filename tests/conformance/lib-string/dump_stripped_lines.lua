-- string.dump(f, true) strips line info as lua5.4 does: the current line of stripped code is
-- -1 everywhere (runtime errors "?:-1:", tracebacks "?:", no position from error(),
-- currentline -1, no active lines, line hooks with nil on entry and backward jumps only);
-- the lines where functions are defined are kept.
local function strip(f) return load(string.dump(f, true)) end

local index_nil = strip(function() local x = nil; return x.y end)
print(pcall(index_nil))
local arith = strip(function(a) return a + {} end)
print(pcall(arith, 1))
local call_nil = strip(function() local f; f() end)
print(pcall(call_nil))
local concat = strip(function(a) return "x" .. a end)
print(pcall(concat, {}))

-- error() adds no position for a stripped level (luaL_where needs currentline > 0)
print(pcall(strip(function() error("boom") end)))
print(pcall(strip(function() error("boom", 1) end)))
print(pcall(strip(function(f) f() end), function() error("from below", 2) end))
print(pcall(strip(function() error({}) end)) == false)

-- getinfo of a stripped function and of its activation
local function described(a, b)
  local x = a
  return x, b
end
local g = strip(described)
local info = debug.getinfo(g, "SlLu")
print(info.source, info.short_src, info.what, info.linedefined, info.lastlinedefined)
print(info.currentline, info.nparams, info.isvararg, info.nups)
local count = 0
for _ in pairs(info.activelines) do count = count + 1 end
print("active lines", count)
local live = strip(function()
  local i = debug.getinfo(1, "Sl")
  return i.currentline, i.short_src, i.source, i.what
end)
print(live())
local main = strip(load("return debug.getinfo(1, 'Sl')"))
local mi = main()
print(mi.what, mi.currentline, mi.linedefined, mi.short_src)

-- tracebacks through stripped frames
local tb = strip(function(f) local r = f() return r end)
print(tb(function() return debug.traceback("here", 1) end))
print(select(2, xpcall(strip(function() local t; return t.x end), debug.traceback)))

-- line hooks: entry and backward jumps only, with a nil line
local events = {}
local loop = strip(function() local s = 0 for i = 1, 3 do s = s + i end return s end)
debug.sethook(function(event, line)
  events[#events + 1] = event .. "=" .. tostring(line)
end, "l")
loop()
debug.sethook()
-- the last events are the hook being switched off from this (unstripped) chunk
print(table.concat(events, " ", 1, 4))

-- a stripped dump dumps again (stripped or not) to a working function
local again = load(string.dump(strip(function(a, b) return a * b end)))
print(again(6, 7), pcall(load(string.dump(index_nil, false))))
-- nested functions are stripped too
local outer = strip(function() return function() local z; return z.q end end)
print(pcall(outer()))
print(debug.getinfo(outer(), "S").linedefined > 0, debug.getinfo(outer(), "S").source)
