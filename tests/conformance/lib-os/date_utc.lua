-- os.date in UTC ("!" formats) for fixed times: every conversion, tables, errors
local times = {0, 86399, 951782400, 1234567890, -1, -86400 * 365 * 70, 4102444800, 1700000000}
local conversions = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
for _, t in ipairs(times) do
  local parts = {}
  for c in conversions:gmatch(".") do
    parts[#parts + 1] = c .. "=" .. os.date("!%" .. c, t)
  end
  print(t, table.concat(parts, "|"))
end

-- E and O modifiers change nothing in the C locale
print(os.date("!%Ec|%EC|%Ex|%EX|%Ey|%EY|%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy", 1234567890))

-- default format is %c; text around conversions is kept
print(os.date("!", 0) == "", os.date("!%c", 0) == os.date("!%c", 0))
print(os.date("!year %Y, day %j.", 1e9))

-- "!*t" tables
local t = os.date("!*t", 1234567890)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
t = os.date("!*t", -1)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
t = os.date("!*t", 951782400)   -- 2000-02-29
print(t.year, t.month, t.day, t.wday, t.yday)

-- ISO weeks around new year (2004-12-31, 2005-01-01, 2005-01-02, 2008-12-29, 2010-01-03)
for _, s in ipairs({1104451200, 1104537600, 1104624000, 1230508800, 1262476800}) do
  print(os.date("!%F %G %g %V %U %W %u %w", s))
end

-- errors
print(pcall(os.date, "%Ez", 0))
print(pcall(os.date, "%", 0))
print(pcall(os.date, "%Q and more", 0))
print(pcall(os.date, "!%c", 1.5))
print(pcall(os.date, "!%c", "x"))
print(pcall(os.date, "!*t", 2^60))
print(pcall(os.date, {}))
print(os.date("!%Y", "86400"))
print(type(os.date()), type(os.date("*t")), type(os.date("%c")))
