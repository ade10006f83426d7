-- A Lua hook function's own instructions are traced without events (lua5.4's luaD_hook
-- does nothing while a hook runs): they count towards the count hook and move the line
-- tracking, so which count and line events the hooked code sees depends on them.

local function work(n)
  local s = 0
  for i = 1, n do
    if i % 2 == 0 then
      s = s + i
    else
      s = s - 1
    end
  end
  return s
end

local seen
local small = function(event, line)
  seen[#seen + 1] = line and (event:sub(1, 1) .. line) or event:sub(1, 1)
end
local tiny = function(event) seen[#seen + 1] = event:sub(1, 1) end
local big = function(event, line)
  local info = debug.getinfo(2, "l")
  local text = event:sub(1, 1)
  if line then text = text .. line end
  if info.currentline ~= (line or info.currentline) then text = text .. "?" end
  seen[#seen + 1] = text
end

for _, hook in ipairs({tiny, small, big}) do
  for _, mask in ipairs({"", "l", "c", "cr", "crl"}) do
    for count = 0, 5 do
      if mask ~= "" or count > 0 then
        seen = {}
        debug.sethook(hook, mask, count)
        work(6)
        debug.sethook()
        print(#seen > 0 and table.concat(seen, " ") or "-", mask, count)
      end
    end
  end
end

-- inside a coroutine that inherited the settings
debug.sethook(small, "l", 2)
local co = coroutine.create(work)
debug.sethook()
seen = {}
debug.getregistry()._HOOKKEY[co] = small
print(coroutine.resume(co, 4))
print(table.concat(seen, " "))
