-- Weak tables: unreferenced collectable values and keys disappear after a full collection;
-- strings, numbers and booleans are values, never collected from weak tables.
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end
local weak_values = setmetatable({}, {__mode = "v"})
local kept = {}
weak_values.kept = kept
weak_values.garbage = {}
weak_values.closure = function() return kept end
weak_values.str = "a string " .. "built at runtime"
weak_values.num = 42
weak_values.float = 1.5
weak_values.bool = true
weak_values[1] = {}
collectgarbage()
print(count(weak_values), weak_values.kept == kept, weak_values.garbage, weak_values.closure)
print(weak_values.str, weak_values.num, weak_values.float, weak_values.bool, weak_values[1])
local weak_keys = setmetatable({}, {__mode = "k"})
local key = {}
weak_keys[key] = "kept key"
weak_keys[{}] = "garbage key"
weak_keys["string key"] = {}
weak_keys[7] = "number key"
collectgarbage()
print(count(weak_keys), weak_keys[key], type(weak_keys["string key"]), weak_keys[7])
local both = setmetatable({}, {__mode = "kv"})
both[key] = {}
both[{}] = key
both.x = key
both[1] = "s"
collectgarbage()
print(count(both), both[key], both.x == key, both[1])
local ephemeron = setmetatable({}, {__mode = "k"})
do
  local k = {}
  ephemeron[k] = {ref = k}
end
collectgarbage()
print("ephemeron cycle collected:", count(ephemeron) == 0)
local strong_from_value = setmetatable({}, {__mode = "k"})
local k2 = {}
strong_from_value[k2] = {back = k2}
collectgarbage()
print(count(strong_from_value))
k2 = nil
collectgarbage()
print(count(strong_from_value))
local cache = setmetatable({}, {__mode = "v"})
local function get(n)
  local v = cache[n]
  if not v then v = {n = n}; cache[n] = v end
  return v
end
local held = get(1)
print(get(1) == held)
held = nil
collectgarbage()
print(cache[1])
