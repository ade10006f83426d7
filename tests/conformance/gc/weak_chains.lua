-- Ephemeron chains, weak tables referencing each other, and caches in loops.
local ephemeron = setmetatable({}, {__mode = "k"})
local head = {}
do
  local k = head
  for i = 1, 10 do
    local nxt = {}
    ephemeron[k] = {next = nxt, i = i}
    k = nxt
  end
end
collectgarbage()
local len, k = 0, head
while ephemeron[k] do len = len + 1 k = ephemeron[k].next end
print("chain reachable from a live head:", len)
head = nil
collectgarbage()
local left = 0
for _ in pairs(ephemeron) do left = left + 1 end
print("after dropping the head:", left)
local outer = setmetatable({}, {__mode = "v"})
local inner = setmetatable({}, {__mode = "v"})
outer.inner = inner
inner.outer = outer
local anchor = inner
collectgarbage()
print(outer.inner == inner, inner.outer == outer)
local cache = setmetatable({}, {__mode = "v"})
local hits, misses = 0, 0
local live = {}
for i = 1, 300 do
  local key = i % 30
  local v = cache[key]
  if v then hits = hits + 1 else misses = misses + 1 v = {key} cache[key] = v end
  if key % 3 == 0 then live[key] = v end
  if i % 100 == 0 then collectgarbage() end
end
collectgarbage()
local after = 0
for key, v in pairs(cache) do after = after + 1 assert(live[key] == v) end
print(after, #anchor == 0)
