-- A finalizer is named "metamethod '__gc'" (lua5.4's CIST_FIN on the frame that calls it), in
-- tracebacks and in debug.getinfo's name fields.
setmetatable({}, {__gc = function()
  print(debug.traceback("tb"))
  local info = debug.getinfo(1, "n")
  print(info.namewhat, info.name)
end})
collectgarbage()
print("finalizer named")
