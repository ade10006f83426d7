-- Finalizers of objects still alive when the script ends run when the state closes:
-- their output comes after the last line printed by the script itself.
local function finalizable(name)
  return setmetatable({name = name}, {__gc = function(o) print("finalized at close:", o.name) end})
end
kept_global = finalizable("global")
local kept_local = finalizable("local")
local list = {finalizable("first in list"), finalizable("second in list")}
local resurrected = setmetatable({}, {__gc = function() print("close-time finalizer runs once") end})
print("script ends", kept_local.name, #list, resurrected ~= nil)
