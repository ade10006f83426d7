-- Compile-time limits: nesting depth, locals, upvalues, built with `..` in loops.
-- load runs inside pcall so that lua.c's traceback handler is not applied to the
-- "C stack overflow" raised by the parser (PUC Lua calls the active message handler).
local function check(src)
  local ok, f, err = pcall(load, src, "=src")
  print(ok, f and "compiled" or err)
end
local function repeated(piece, n)
  local s = ""
  for _ = 1, n do s = s .. piece end
  return s
end
check("return " .. repeated("(", 100) .. "1" .. repeated(")", 100))
check("return " .. repeated("(", 300) .. "1" .. repeated(")", 300))
check("return " .. repeated("{", 300) .. repeated("}", 300))
check("return " .. repeated("-", 300) .. "1")
check("return " .. repeated("not ", 300) .. "1")
check(repeated("do ", 300) .. repeated("end ", 300))
check(repeated("if x then ", 300) .. repeated("end ", 300))
check("x = " .. repeated("f(", 300) .. repeated(")", 300))
check("return " .. repeated("a.", 1000) .. "b")
check("return 1" .. repeated(" + 1", 1000))
check("return " .. repeated("2^", 300) .. "1")
check("return " .. repeated("1 .. ", 300) .. "1")
local function locals(n)
  local s = ""
  for i = 1, n do s = s .. "local v" .. i .. " = " .. i .. "\n" end
  return s
end
check(locals(199))
check(locals(200))
check(locals(201))
local function upvalues(n)
  local s = locals(150) .. "local function f() return "
  for i = 1, n do s = s .. "v" .. i .. (i < n and "," or "") end
  return s .. " end"
end
check(upvalues(150))
local function nested_upvalues(outer_count, inner_count)
  local s = ""
  for i = 1, outer_count do s = s .. "local a" .. i .. "\n" end
  s = s .. "local function outer()\n"
  for i = 1, inner_count do s = s .. "local b" .. i .. "\n" end
  s = s .. "return function() local x\n"
  for i = 1, outer_count do s = s .. "x = a" .. i .. "\n" end
  for i = 1, inner_count do s = s .. "x = b" .. i .. "\n" end
  return s .. "end end"
end
check(nested_upvalues(120, 120))
check(nested_upvalues(128, 127))
check(nested_upvalues(128, 128))
check(nested_upvalues(150, 150))
local args = ""
for i = 1, 300 do args = args .. i .. "," end
check("return f(" .. args .. "1)")
check("local t = {" .. args .. "1}")
check("return " .. args .. "1")
