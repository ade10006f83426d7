-- The env argument of load and the _ENV upvalue: sandboxing globals.
local sandbox = {print = print, x = "sandbox x"}
local f = load("y = 'set in sandbox' return x", "=sandboxed", "t", sandbox)
print(f(), sandbox.y, y)
print(pcall(load("return print == nil", "=no print", "t", {})))
print(pcall(load("print('hi')", "=empty env", "t", {})))
print(pcall(load("return x", "=nil env", "t", nil)))
print(pcall(load("x = 1", "=nil env assign", "t", nil)))
print(pcall(load("return x", "=number env", "t", 42)))
local proxy_log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) proxy_log[#proxy_log + 1] = "get " .. k return k .. "!" end,
  __newindex = function(_, k, v) proxy_log[#proxy_log + 1] = "set " .. k .. "=" .. tostring(v) end,
})
print(load("a = b return c", "=proxy", "t", proxy)())
print(#proxy_log, proxy_log[1], proxy_log[2], proxy_log[3])
local function with_local_env()
  local _ENV = {tostring = tostring}
  z = 5
  return _ENV.z, tostring(z)
end
print(with_local_env())
print(z)
do
  local _ENV = setmetatable({}, {__index = _G})
  new_global = "only in this env"
  print(new_global, _G.new_global)
end
print(new_global)
local g = load("local a = ... ; return _ENV[a]", "=index env", "t", {key = "value"})
print(g("key"), g("missing"))
local shared = {counter = 0}
local inc = load("counter = counter + 1 return counter", "=inc", "t", shared)
inc(); inc()
print(shared.counter, counter)
local function get_env_of_loaded()
  return load("return _ENV")()
end
print(get_env_of_loaded() == _G)
local env_chunk = load("local _ENV = {v = 'inner'} return v")
print(env_chunk())
print(load("return _ENV", "=e", "t", sandbox)() == sandbox)
