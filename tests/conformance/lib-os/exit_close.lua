-- os.exit(status, true) closes the state like lua_close: pending to-be-closed variables of
-- the main thread are closed (innermost first, with a nil error), then every finalizer runs.
-- (The finalized objects stay referenced, so only the state's close can run their finalizers.)
local x <close> = setmetatable({}, {__close = function(_, e) print("closed x", e) end})
local keep1 = setmetatable({}, {__gc = function() print("finalizer 1") end})
local function inner()
  local y <close> = setmetatable({}, {__close = function() print("closed y") end})
  local keep2 = setmetatable({}, {__gc = function() print("finalizer 2") end})
  io.write("buffered without newline ")
  print("before exit")
  os.exit(3, true)
end
inner()
print("not reached")
