-- The level below the main chunk is the host's C function (lua.c's pmain): a C function,
-- the same value at each call, with a C function's fields; nothing lies below it.
local host = debug.getinfo(2, "f").func
print(type(host), host == debug.getinfo(2, "f").func, host ~= print)
local i = debug.getinfo(2, "Slnutr")
print(i.what, i.source, i.short_src, i.linedefined, i.lastlinedefined, i.currentline)
print(i.nups, i.nparams, i.isvararg, i.name, i.namewhat, i.istailcall)
print(i.ftransfer, i.ntransfer, i.activelines)
i = debug.getinfo(host, "SLu")
print(i.what, i.source, i.activelines, i.nups)
print(debug.getinfo(3), debug.getinfo(3, "f"))
-- from a function called by the main chunk, the host is one level further down
local function inner(level)
  return debug.getinfo(level, "f").func == host, debug.getinfo(level, "S").what,
    debug.getinfo(level + 1) == nil
end
print(inner(3))
print(pcall(inner, 4))
-- tracebacks end with the host level
print(debug.traceback("main"))
print(debug.traceback("from host level", 2))
print(debug.traceback("past the end", 3))
-- a coroutine has no host level
print(coroutine.wrap(function()
  return debug.getinfo(1, "S").what, debug.getinfo(2)
end)())
