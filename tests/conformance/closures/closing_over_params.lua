-- Parameters and loop variables are ordinary locals that closures can capture and change.
local function make(a, b, ...)
  local extra = select("#", ...)
  return function() a = a + 1 return a, b, extra end
end
local m = make(1, "b", 1, 2)
print(m())
print(m())
local function param_shadow(x)
  local f = function() return x end
  local x = "shadow"
  return f(), x
end
print(param_shadow("param"))
local function set_later()
  local fn
  local v = 1
  fn = function() return v end
  v = 2
  return fn()
end
print(set_later())
local getters = {}
for _, name in ipairs({"alpha", "beta"}) do
  getters[name] = function() return name end
end
print(getters.alpha(), getters.beta())
local function closure_in_condition(flag)
  if flag then
    local v = "then"
    return function() return v end
  else
    local v = "else"
    return function() return v end
  end
end
print(closure_in_condition(true)(), closure_in_condition(false)())
