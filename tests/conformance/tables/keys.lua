-- Keys: float normalisation, nil and NaN keys, every value type as a key.
local t = {}
t[1] = "a"; t[1.0] = "b"; t[2^53] = "c"
print(t[1], t[2^53 | 0], t[9007199254740992.0])
t[-0.0] = "negzero"
print(t[0], t[0.0], t[-0])
t[0.5] = "half"
print(t[0.5], t[1/2])
local function try(f, ...)
  local ok, err = pcall(f, ...)
  print(ok, err)
end
try(function() t[nil] = 1 end)
try(function() t[0/0] = 1 end)
try(function() local k; t[k] = 1 end)
try(function() local k = 0/0; t[k] = 1 end)
try(rawset, t, nil, 1)
try(rawset, t, 0/0, 1)
try(function() return {[nil] = 1} end)
try(function() return {[0/0] = 1} end)
print(t[nil], t[0/0], rawget(t, nil))
local f, co, tb = print, function() end, {}
local k = {}
k[f] = "function"; k[tb] = "table"; k[true] = "true"; k[false] = "false"; k["s"] = "string"
k[1] = "int"; k[1.5] = "float"
print(k[print], k[tb], k[true], k[false], k.s, k[1], k[1.5], k[{}], k[co])
k[tb] = nil; k[true] = nil
print(k[tb], k[true], k[false])
t = {}
t[3] = nil
print(next(t))
t.x = nil
print(next(t))
