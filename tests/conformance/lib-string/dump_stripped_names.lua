-- Names in error messages from stripped dumps (string.dump(f, true)): an upvalue without a
-- name is '?' (ldebug.c upvalname), a local without a name gives no name at all.
-- Positions ("?:-1:", see dump_stripped_lines.lua) are cut off.
local function message(f, ...)
  local ok, err = pcall(f, ...)
  print(ok, (tostring(err):gsub("^[^:]*:%-?%d+: ", "")))
end

local u, v, w
local index_upvalue = function() return u, v.x end
local call_upvalue = function() return u, w() end
local arith_upvalue = function() return u, v + 1 end
local index_local = function(a) local b = a; return b.x end
local index_global = function() return missing_global.x end
local index_field = function() return string.missing.x end

for _, f in ipairs({index_upvalue, call_upvalue, arith_upvalue}) do
  local g = load(string.dump(f, true))
  debug.setupvalue(g, 1, nil)
  print(debug.getupvalue(g, 2))
  message(g)
end
message(load(string.dump(index_local, true)), nil)
message(load(string.dump(index_global, true)))
message(load(string.dump(index_field, true)))
-- not stripped: the names are kept
message(load(string.dump(index_upvalue)))
message(load(string.dump(index_local)), nil)
