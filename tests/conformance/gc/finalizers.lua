-- __gc: finalizers run once, in reverse order of marking, and may resurrect objects.
local function finalizable(id, log)
  return setmetatable({id = id}, {__gc = function(o) log[#log + 1] = o.id end})
end
local log = {}
local objs = {}
for i = 1, 5 do objs[i] = finalizable(i, log) end
objs = nil
collectgarbage()
local order = ""
for i = 1, #log do order = order .. log[i] .. " " end
print("order:", order)
collectgarbage()
print("finalizers run once:", #log)
saved = nil
local resurrect_count = 0
do
  local obj = setmetatable({name = "phoenix"}, {__gc = function(o)
    resurrect_count = resurrect_count + 1
    saved = o
  end})
end
collectgarbage()
print(saved and saved.name, resurrect_count)
saved = nil
collectgarbage()
collectgarbage()
print(saved, resurrect_count)
local marks = {}
local a = setmetatable({}, {__gc = function() marks[#marks + 1] = "a" end})
local b = setmetatable({}, {__gc = function() marks[#marks + 1] = "b" end})
local c = setmetatable({}, {__gc = function() marks[#marks + 1] = "c" end})
b = nil
collectgarbage()
a, c = nil, nil
collectgarbage()
local m = ""
for i = 1, #marks do m = m .. marks[i] end
print("staged:", m)
local self_ref = setmetatable({}, {__gc = function(o) print("gc sees field", o.field) end})
self_ref.field = "still here"
self_ref = nil
collectgarbage()
local refs_other = {}
do
  local target = {value = "target value"}
  setmetatable(refs_other, {__gc = function(o) print("finalizer reads", o.target.value) end})
  refs_other.target = target
end
refs_other = nil
collectgarbage()
local errs = setmetatable({}, {__gc = function() error("finalizer error is not propagated") end})
errs = nil
collectgarbage()
print("done")
