-- glibc's strftime computes the year as tm_year + 1900 in a C int: it wraps for the last
-- 1900 years a struct tm can hold.
for _, t in ipairs({67768036191676799, 67767976233532799, 67767976233532800, -67768040609740800, 0}) do
  print(os.date("!%Y|%C|%y|%G|%F|%c", t))
end
