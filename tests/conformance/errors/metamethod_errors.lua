-- Errors raised inside metamethods propagate with the metamethod's position.
local function try(f)
  local ok, err = pcall(f)
  print(ok, err)
end
local boom = setmetatable({}, {
  __index = function(_, k) error("index " .. k) end,
  __newindex = function(_, k) error("newindex " .. k) end,
  __add = function() error("add") end,
  __call = function() error("call") end,
  __concat = function() error("concat", 2) end,
  __len = function() error({}) end,
  __eq = function() error("eq") end,
  __lt = function() error("lt", 0) end,
  __unm = function() local x = nil; return x.y end,
  __tostring = function() error("tostring") end,
})
try(function() return boom.key end)
try(function() boom.key = 1 end)
try(function() return boom + 1 end)
try(function() return boom() end)
try(function() return boom .. "x" end)
try(function() return type(select(2, pcall(function() return #boom end))) end)
try(function() return boom == setmetatable({}, getmetatable(boom)) end)
try(function() return boom < boom end)
try(function() return -boom end)
try(function() return tostring(boom) end)
try(function() return rawget(boom, "key") end)
local depth = 0
local recursive = setmetatable({}, {__index = function(t, k)
  depth = depth + 1
  if depth < 10 then return t[k] end
  error("stopped at depth " .. depth)
end})
try(function() return recursive.x end)
local pcall_inside = setmetatable({}, {__index = function(_, k)
  local ok, err = pcall(error, "caught inside " .. k)
  return err
end})
print(pcall_inside.field)
local err_in_gc_ok = setmetatable({}, {__gc = function() error("error in __gc is a warning") end})
err_in_gc_ok = nil
collectgarbage()
print("after __gc error")
