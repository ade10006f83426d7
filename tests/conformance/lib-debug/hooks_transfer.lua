local out = {}
debug.sethook(function(e)
  local info = debug.getinfo(2, "rn")
  if info.name == "va" or info.name == "collect" then
    local parts = {e, info.name, info.ftransfer, info.ntransfer}
    for k = info.ftransfer, info.ftransfer + info.ntransfer - 1 do
      local n, v = debug.getlocal(2, k)
      parts[#parts + 1] = tostring(n) .. "=" .. tostring(v)
    end
    parts[#parts + 1] = tostring(debug.getlocal(2, -1))
    out[#out + 1] = table.concat(parts, " ")
  end
end, "cr")
local function va(a, ...) local t = {...} return a, #t, ... end
local function collect(...) return select("#", ...) end
va(1, 2, 3)
collect()
collect(nil, nil)
debug.sethook()
print(table.concat(out, "\n"))
-- count hooks across coroutines and the main thread
local n = 0
local co = coroutine.wrap(function()
  debug.sethook(function() n = n + 1 end, "", 1)
  local x = 0
  for i = 1, 10 do x = x + i end
  debug.sethook()
  return x
end)
print(co(), n > 30, debug.gethook())
