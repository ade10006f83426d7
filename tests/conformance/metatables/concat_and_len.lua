-- __concat (any operand, right associativity, numbers) and __len.
local C = {}
C.__concat = function(a, b)
  local function s(v) return type(v) == "table" and "[" .. v.tag .. "]" or tostring(v) end
  return s(a) .. s(b)
end
local function c(tag) return setmetatable({tag = tag}, C) end
print(c("a") .. "x", "x" .. c("b"), c("a") .. c("b"), 1 .. c("n"), c("n") .. 2.5)
print("p" .. "q" .. c("r") .. "s" .. "t")
print(c("1") .. c("2") .. c("3"))
local concat_args = setmetatable({}, {__concat = function(a, b)
  return (type(a) == "table" and "T" or tostring(a)) .. "+" .. (type(b) == "table" and "T" or tostring(b))
end})
print(concat_args .. true, nil .. concat_args, concat_args .. concat_args)
local function try(f)
  local ok, err = pcall(f)
  print(ok, err)
end
try(function() return {} .. "x" end)
try(function() return "x" .. {} end)
try(function() return 1 .. nil end)
try(function() local t = {} return "a" .. "b" .. t end)
try(function() return "a" .. setmetatable({}, {__concat = 42}) end)
local returns_table = setmetatable({}, {__concat = function() return {} end})
print(type(returns_table .. "x"))
local L = setmetatable({}, {__len = function(t) return 42 end})
print(#L, rawlen(L))
local len_args = setmetatable({1, 2, 3}, {__len = function(...) return select("#", ...), (...) end})
print(#len_args)
local len_any = setmetatable({}, {__len = function() return "not a number" end})
print(#len_any)
local len_nil = setmetatable({1}, {__len = function() end})
print(#len_nil)
local str = "abc"
print(#str)
try(function() return #setmetatable({}, {__len = 1}) end)
