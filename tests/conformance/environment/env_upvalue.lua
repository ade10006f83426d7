-- _ENV is an ordinary upvalue: closures see later assignments to the _ENV variable.
local print, tostring = print, tostring
local function reader() return value end
value = "global value"
print(reader())
do
  local _ENV = {value = "first env"}
  local function read_local_env() return value end
  print(read_local_env())
  _ENV = {value = "second env"}
  print(read_local_env())
end
local env = {value = "captured env"}
local function make_reader(_ENV) return function() return value end end
local r = make_reader(env)
print(r())
env.value = "captured env changed"
print(r())
local function set_global_in(_ENV, v) target = v end
local sandbox = {}
set_global_in(sandbox, "set through parameter _ENV")
print(sandbox.target, target)
local ok, err = pcall(function()
  local _ENV = nil
  return anything
end)
print(ok, err)
local chunk = load("x = (x or 0) + 1; return x")
local ok2, res = pcall(chunk)
print(ok2, res, x)
