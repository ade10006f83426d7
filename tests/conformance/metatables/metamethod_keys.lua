-- The key given to __index/__newindex is the original key (floats are not normalised),
-- while raw storage normalises float keys with integer values.
local seen = {}
local t = setmetatable({}, {
  __index = function(_, k) return tostring(k) .. ":" .. type(k) end,
  __newindex = function(tbl, k, v) seen[#seen + 1] = tostring(k) rawset(tbl, k, v) end,
})
print(t[1], t[1.0], t[2^53], t["1"], t[-0.0])
t[2.0] = "two"
t[3] = "three"
print(seen[1], seen[2], rawget(t, 2), rawget(t, 2.0), t[2])
for k in pairs(t) do if k == 2 then print("stored key", tostring(k)) end end
local calls = 0
local counted = setmetatable({}, {__index = function() calls = calls + 1 return nil end})
local _ = counted.x, counted[1], counted[true]
print(calls)
local existing = setmetatable({present = "raw"}, {__index = function() return "meta" end})
print(existing.present, existing.absent)
existing.present = nil
print(existing.present)
local false_value = setmetatable({flag = false}, {__index = function() return "meta" end})
print(false_value.flag)
