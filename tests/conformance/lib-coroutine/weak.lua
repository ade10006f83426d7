-- suspended coroutines that become garbage leave weak tables at the first collection
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
do
  local c = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(c)
  wk[c] = true; wv[1] = c
  local d = coroutine.create(function() end)
  wk[d] = true; wv[2] = d
end
collectgarbage()
local n = 0 for _ in pairs(wk) do n = n + 1 end
print(n, wv[1] ~= nil, wv[2] ~= nil)
collectgarbage()
n = 0 for _ in pairs(wk) do n = n + 1 end
print(n, wv[1] ~= nil, wv[2] ~= nil)
