-- os.setlocale: the C.UTF-8 locale (present in every glibc since 2.35), categories, the
-- composite name after setting one category, and that numbers, case and classes stay C's.
print(os.setlocale(), os.setlocale(nil, "numeric"))
print(os.setlocale("C.UTF-8"))
print(os.setlocale(nil, "ctype"), os.setlocale(nil, "time"), os.setlocale(nil, "collate"))
print(string.format("%.2f %g", 1.25, 1e300), tostring(2.5), tonumber("0.5"), tonumber("0,5"))
print(string.upper("\xe9a"):byte(1, -1))
local classes = 0
for c = 128, 255 do
  if string.char(c):find("[%a%p%s%d%c%x]") then classes = classes + 1 end
end
print(classes, "a" < "B", "\xe9" > "z")
print(os.setlocale("POSIX", "time"))
print(os.setlocale())
print(os.setlocale("C", "numeric"), os.setlocale("C.UTF-8", "numeric"))
print(os.setlocale("no_SUCH.locale"), os.setlocale("no_SUCH.locale", "ctype"))
print(os.setlocale())
-- Saving and restoring a mixed locale through its composite name (all twelve categories).
local saved = os.setlocale()
print(os.setlocale("C"), os.setlocale(saved) == saved, os.setlocale(nil, "time"))
print(os.setlocale("LC_CTYPE=C;LC_TIME=C.UTF-8"), os.setlocale("LC_BOGUS=C"))
print(os.setlocale("C"), os.setlocale())
print(pcall(os.setlocale, "C", "messages"))
