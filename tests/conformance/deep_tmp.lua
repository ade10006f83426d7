local function run_in_coroutine(path)
  local f = assert(loadfile(path))
  local co = coroutine.create(f)
  local ok, err = coroutine.resume(co)
  if not ok then print("ERR", err) end
end
run_in_coroutine("syntax_errors/limits.lua")
-- deep recursion of various kinds inside a coroutine
local co = coroutine.wrap(function()
  local t = setmetatable({}, {__tostring = function(s) return tostring(s) end})
  print(pcall(tostring, t))
  print(pcall(string.rep, "x", -1))
  local s = string.rep("(", 300) .. string.rep(")", 300)
  print(pcall(string.find, s, string.rep("%(", 250)))
  print(pcall(string.match, string.rep("a", 100000), ".-b"))
  local deep = {}
  local mt = {__index = function(t, k) return t.parent[k] end}
  local obj = setmetatable({}, {__lt = function(a, b) return a < b end})
  print(pcall(function() return obj < obj end))
  local cmp = setmetatable({}, {__concat = function(a, b) return a .. b end})
  print(pcall(function() return cmp .. "x" end))
  local function nest(n) if n == 0 then return 0 end return 1 + select(2, pcall(nest, n - 1)) end
  print(pcall(nest, 1000))
  print(select("#", pcall(load, "return " .. string.rep("{", 1000) .. string.rep("}", 1000))))
  local function gsubrec(s) return (s:gsub(".", function(c) return gsubrec(c) end)) end
  print(pcall(gsubrec, "abc"))
  local function sortrec() table.sort({3, 2, 1}, function(a, b) sortrec() return a < b end) end
  print(pcall(sortrec))
  return "ok"
end)
print(co())
