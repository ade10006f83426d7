-- glibc's %G, %g and %V start from tm_year + 1900 in a C int (wrapped for the last 1900
-- years a struct tm holds), step it by one across the ISO year boundary and take its
-- leap-ness from the wrapped value: %g of the wrapped year -2147481749 is 51, not 47.
local day = 86400
for _, year in ipairs({2147485547, 2147485546, 2147483648, 2147483647, -2147481748,
                       -2147481747, 2000, 2004, 2100, 1999, 0, -1, -100}) do
  for _, month in ipairs({1, 12}) do
    local base = os.time({year = year, month = month, day = month == 1 and 1 or 27, hour = 12})
    for d = -2, 4 do
      print(pcall(os.date, "!%F %G %g %V %y %u", base + d * day))
    end
  end
end
print(os.date("!%G %g %V", 67768036191676799))
print(os.date("!%G %g %V", -67768040609740800))
