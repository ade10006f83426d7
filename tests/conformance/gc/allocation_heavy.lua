-- conformance: skip-gc-stress
-- Allocates far more garbage than fits at once; a collector must keep memory bounded.
local total = 0
for i = 1, 300000 do
  local t = {i, i + 1, tostring(i)}
  total = total + #t
end
print(total)
local s = 0
for i = 1, 100000 do
  local str = "item" .. i .. "/" .. (i * 2)
  s = s + #str
end
print(s)
local closures = 0
for i = 1, 100000 do
  local f = function() return i end
  closures = closures + f()
end
print(closures)
local chain
for i = 1, 100000 do chain = {next = (i % 1000 ~= 0) and chain or nil, i = i} end
local len = 0
while chain do len = len + 1 chain = chain.next end
print(len)
local big = {}
for round = 1, 20 do
  big = {}
  for i = 1, 10000 do big[i] = {round, i} end
end
print(#big, big[10000][1])
collectgarbage()
print(collectgarbage("count") < 100000)
