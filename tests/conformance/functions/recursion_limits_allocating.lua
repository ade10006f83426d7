-- conformance: skip-gc-stress
-- Deep recursion that allocates a table in every frame before overflowing: the collector
-- must cope with a huge stack full of live tables. (Quadratic under "collect at every
-- allocation", hence skipped in the GC stress mode.)
local function deep_table(n) local t = {deep_table(n + 1)} return t end
local ok, msg = pcall(deep_table, 1)
print(ok, type(msg))
local function deep_closure(n)
  local f = function() return n end
  return f() + deep_closure(n + 1)
end
ok, msg = pcall(deep_closure, 1)
print(ok, type(msg))
local survivors = {}
for i = 1, 3 do
  survivors[i] = {i}
  print(pcall(deep_table, 1) == false, survivors[i][1])
end
collectgarbage()
print(#survivors, survivors[3][1])
