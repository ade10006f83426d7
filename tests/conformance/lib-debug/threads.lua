-- the thread forms: getinfo, getlocal, setlocal, traceback, sethook, gethook on coroutines
local function hook(e, l) io.write(e, " ", tostring(l), "; ") end
debug.sethook(hook, "l")
local co = coroutine.create(function(a)
  local x = a
  coroutine.yield(x)
  local y = x * 2
  coroutine.yield(y)
  return x
end)
coroutine.resume(co, 5)
debug.sethook()
print()
-- hooks are per thread: the coroutine ran without events
print(debug.traceback(co))
print(debug.traceback(co, "msg"))
print(debug.traceback(co, "msg", 1))
print(debug.traceback(co, nil, 5))
print(debug.traceback(co, {}) ~= nil, debug.traceback(co, 12))
print(debug.getinfo(co, 0, "Sl").currentline, debug.getinfo(co, 1, "Sl").currentline,
  debug.getinfo(co, 2))
local i = debug.getinfo(co, 1, "nSltu")
print(i.what, i.name, i.namewhat, i.istailcall, i.nparams, i.short_src)
print(debug.getinfo(co, 0, "n").name, debug.getinfo(co, 0, "S").what)
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 2))
print(debug.getlocal(co, 1, 3))
print(debug.setlocal(co, 1, 2, 99))
print(pcall(debug.getlocal, co, 5, 1))
print(pcall(debug.setlocal, co, 5, 1, 1))
print(pcall(debug.getinfo, co, "x"))
-- a hook set for the coroutine only
debug.sethook(co, function(e, l) io.write("co:", e, " ", tostring(l), "; ") end, "l")
print(select(2, debug.gethook(co)), debug.gethook())
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
-- a dead coroutine keeps no frames
print(debug.traceback(co))
print(debug.getinfo(co, 0))
-- traceback of the running thread given explicitly
local main = coroutine.running()
local tb = debug.traceback(main, "here")
print((tb:gsub("\n[^\n]*%[C%]: in %?$", "")))
-- inside a coroutine, levels stop at the coroutine's first function
local inner = coroutine.wrap(function()
  local levels = 0
  while debug.getinfo(levels + 1) do levels = levels + 1 end
  print("levels", levels)
  print(debug.traceback("in co"))
  print(select(2, pcall(debug.getlocal, 3, 1)))
end)
inner()
-- a coroutine that failed keeps its frames
local bad = coroutine.create(function() local z = 1; error("oops") end)
print(coroutine.resume(bad))
print(debug.traceback(bad))
print(debug.getlocal(bad, 1, 1))
