-- Globals live in _ENV (initially _G); _VERSION; defining and removing globals.
print(_VERSION, type(_G), _G._G == _G, _ENV == _G)
new_global = 1
print(_G.new_global, _ENV.new_global, rawget(_G, "new_global"))
_G.another = "via _G"
print(another)
new_global = nil
print(new_global, rawget(_G, "new_global"))
function global_function() return "global function" end
print(global_function(), type(_G.global_function))
local names = {}
for _, name in ipairs({"print", "type", "tostring", "tonumber", "pairs", "ipairs", "next",
  "select", "rawget", "rawset", "rawequal", "rawlen", "setmetatable", "getmetatable",
  "assert", "error", "pcall", "xpcall", "load", "loadfile", "dofile", "collectgarbage",
  "warn"}) do
  names[#names + 1] = name .. ":" .. type(_G[name])
end
local line = ""
for i = 1, #names do line = line .. names[i] .. " " end
print(line)
print(getmetatable(_G), type(_VERSION))
local saved_print = print
print = function(...) saved_print("wrapped:", ...) end
print("hello")
print = saved_print
print("restored")
setmetatable(_G, {__index = function(_, k) return "default for " .. k end})
print(undefined_thing)
setmetatable(_G, nil)
print(undefined_thing)
local function set_in_nested()
  local function inner() nested_global = "set deep inside" end
  inner()
end
set_in_nested()
print(nested_global)
_ENV = setmetatable({}, {__index = _G})
scoped_global = "in new _ENV"
print(scoped_global, _G.scoped_global)
