-- Closures created in frames that are unwound by an error keep their (closed) upvalues.
local saved = {}
local function fails_after_capturing(tag)
  local value = tag .. " captured"
  saved[#saved + 1] = function() return value end
  saved[#saved + 1] = function(v) value = v end
  local t = nil
  return t.boom
end
print(pcall(fails_after_capturing, "first"))
print(saved[1]())
saved[2]("changed after unwinding")
print(saved[1]())
local function nested_failure(depth)
  local mine = depth
  saved[#saved + 1] = function() return mine end
  if depth == 0 then error("bottom reached", 0) end
  nested_failure(depth - 1)
end
saved = {}
print(pcall(nested_failure, 5))
local s = ""
for i = 1, #saved do s = s .. saved[i]() .. " " end
print(s)
local getter
local ok, err = pcall(function()
  for i = 1, 10 do
    local loop_local = i * 10
    if i == 4 then
      getter = function() return loop_local end
      error("inside loop " .. i, 0)
    end
  end
end)
print(ok, err, getter())
local closer_saw
ok, err = pcall(function()
  local counter = 0
  local inc = function() counter = counter + 1 return counter end
  local guard <close> = setmetatable({}, {__close = function() closer_saw = inc() end})
  inc()
  error("with close", 0)
end)
print(ok, err, closer_saw)
