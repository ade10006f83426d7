-- generic for: TFORPREP enters TFORCALL and TFORCALL enters TFORLOOP without a line or
-- count event of their own, as in lua5.4's dispatch
local ev = {}
local function hook(e, l) ev[#ev + 1] = e .. (l and (":" .. l) or "") end
local function dump(title)
  print(title, table.concat(ev, " "))
  ev = {}
end
debug.sethook(hook, "l")
for _, v in ipairs({"a",
                    "b"}) do
  local _ = v
end
debug.sethook()
dump("lines")

debug.sethook(hook, "", 1)
for k in next, {1, 2} do
  local _ = k
end
debug.sethook()
dump("counts")

debug.sethook(hook, "l", 1)
for i, v in ipairs({10, 20}) do local _ = i + v end
debug.sethook()
dump("both")

local function gen(_, i) if i < 3 then return i + 1 end end
debug.sethook(hook, "crl")
for i in gen, nil, 0 do
  local _ = i
end
debug.sethook()
dump("custom")
