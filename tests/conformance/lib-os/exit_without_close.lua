-- os.exit without `close` ends the process at once: no __close, no finalizers, but output is flushed.
local x <close> = setmetatable({}, {__close = function() print("closed x") end})
local keep = setmetatable({}, {__gc = function() print("finalizer") end})
io.write("flushed at exit")
os.exit(true)
