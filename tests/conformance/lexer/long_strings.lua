-- Long brackets of every level, first-newline skipping, and line-end normalisation.
print([[simple]], [==[level two]==], [=[with ]] inside]=], [[]])
print([[
first newline skipped]])
print([[

one blank line kept]])
print([====[a]===]b]=]c]]d]====])
print(#[[
]], #[[

]], [[\n is not an escape]], [==[[[nested]]]==])
local s = [[
line1
line2
]]
print(#s, s)
print(load("return [[a\r\nb]]")() == "a\nb", load("return [[a\n\rb]]")() == "a\nb",
      load("return [[a\r\rb]]")() == "a\n\nb", load("return [[a\n\nb]]")() == "a\n\nb",
      load("return [[\r\nx]]")() == "x", load("return [[\n\rx]]")() == "x")
print(load("return [==[]=]]==]")(), load("return [=[]]]=]")())
for _, src in ipairs({"[[abc", "[==[abc]=]", "[=[abc]==]", "[=x[", "[==", "[[a]] .. [=[b]=]"}) do
  local f, err = load("return " .. src, "=long")
  if f then print(f()) else print(err) end
end
local level = "[" for i = 1, 10 do level = level .. "=" end
print(load("return " .. level .. "[deep]" .. "==========]")())
