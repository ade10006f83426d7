-- Generates tests/data/date.txt: lua5.4 tests/gen/date.lua > tests/data/date.txt
-- Lines: unix time, format (without '!'), result of os.date("!" .. format, t);
--        and "*t" lines: unix time, the fields of os.date("!*t", t).
package.path = "tests/gen/?.lua;" .. package.path
local C = require("common")

local all = "%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%m|%M|%n|%p|%r|%R|%S|%t|%T|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%Z|%%"
local modified = "%Ec|%EC|%Ex|%EX|%Ey|%EY|%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy"

local times = {0, -1, 1, 86399, 86400, 951782400, 951868799, 1e9, 2^31 - 1, 2^31, -2^31, 4102444800,
  -62135596800, -62167219200, -62198755200, 253402300799, 253402300800, -30610224000, 2^40, -2^40,
  2^55, -2^55, 43200, 46800, 1700000000}
-- ISO week edges: Dec 26 .. Jan 6 around many years
for year = 1995, 2030 do
  local jan1 = os.time{year = year, month = 1, day = 1, hour = 12}
  for d = -6, 6 do times[#times + 1] = jan1 + d * 86400 end
end
math.randomseed(7)
for _ = 1, 300 do times[#times + 1] = math.random(-2^42, 2^42) end

for _, t in ipairs(times) do
  t = math.tointeger(t) or t
  local ok1, r1 = pcall(os.date, "!" .. all, t)
  local ok2, r2 = pcall(os.date, "!" .. modified, t)
  C.line{"fmt", tostring(t), C.enc(all), C.result(ok1, r1)}
  C.line{"fmt", tostring(t), C.enc(modified), C.result(ok2, r2)}
  local ok, tt = pcall(os.date, "!*t", t)
  if ok then
    C.line{"table", tostring(t), "", C.result(true, tt.year, tt.month, tt.day, tt.hour, tt.min,
           tt.sec, tt.wday, tt.yday, tt.isdst)}
  else
    C.line{"table", tostring(t), "", C.result(false, tt)}
  end
end
for _, f in ipairs{"%Ez abc", "%E", "%", "%Q", "x%Oyy%Ec", "%5d", "%O", "%Ea", "%E\0x", "%\0", "abc",
                   "", "%%%", "%Y-%m-%dT%H:%M:%S", "%OX", "%EV", "%-d", "%l", "%P", "%s", "%k"} do
  C.line{"fmt", "0", C.enc(f), C.result(pcall(os.date, "!" .. f, 0))}
end
