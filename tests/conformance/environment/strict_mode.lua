-- The "strict globals" idiom: __index/__newindex on _G reporting at the caller's line.
local declared = {}
setmetatable(_G, {
  __newindex = function(t, k, v)
    if not declared[k] then error("assignment to undeclared global '" .. tostring(k) .. "'", 2) end
    rawset(t, k, v)
  end,
  __index = function(_, k) error("variable '" .. tostring(k) .. "' is not declared", 2) end,
})
print(pcall(function() return undeclared_read end))
print(pcall(function() undeclared_write = 1 end))
declared.allowed = true
allowed = "ok"
print(allowed, rawget(_G, "allowed"))
local function deep() return missing_in_deep end
print(pcall(deep))
print(pcall(load("return also_missing", "=chunk")))
print(type(print), type(pcall))
setmetatable(_G, nil)
print(undeclared_read)
local t = {[1] = "int first", [1.0] = "float second"}
print(t[1])
t = {[1.0] = "float first", [1] = "int second", "positional"}
print(t[1])
