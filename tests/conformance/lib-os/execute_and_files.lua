-- os.execute, os.getenv, os.remove, os.rename, os.tmpname, os.setlocale, os.clock
print(os.execute())
print(os.execute("true"))
print(os.execute("exit 3"))
print(os.execute("exit 255"))
print(os.execute("kill -15 $$"))
print(os.execute("kill -9 $$"))
print(os.execute("echo to-devnull > /dev/null"))
print(pcall(os.execute, {}))

print(type(os.getenv("PATH")), os.getenv("TSUKIMI_SURELY_UNSET_VARIABLE"))
print(pcall(os.getenv))
print(pcall(os.getenv, 42))

-- tmpname creates the file; remove and rename report errors like C
local name = os.tmpname()
print(type(name), io.open(name) ~= nil)
local other = name .. ".renamed"
print(os.rename(name, other))
print(io.open(name), io.type(io.open(other)))
print(os.rename(name, other))
print(os.remove(other))
local ok, msg, code = os.remove(other)
print(ok, msg == other .. ": No such file or directory", code)
print(select("#", os.remove(other)))
print(pcall(os.remove))
print(pcall(os.rename, "a"))

-- remove deletes empty directories, not full ones
local dir = os.tmpname()
os.remove(dir)
os.execute("mkdir " .. dir .. " && touch " .. dir .. "/inside")
local ok, msg, code = os.remove(dir)
print(ok, msg == dir .. ": Directory not empty", code)
os.remove(dir .. "/inside")
print(os.remove(dir))

-- only the C locale
print(os.setlocale(), os.setlocale("C"), os.setlocale("POSIX"), os.setlocale(nil, "numeric"))
print(os.setlocale("xx_YY"), os.setlocale("C", "time"), os.setlocale("C", "collate"))
for _, cat in ipairs({"all", "collate", "ctype", "monetary", "numeric", "time"}) do
  io.write(cat, "=", tostring(os.setlocale(nil, cat)), " ")
end
print()
print(pcall(os.setlocale, "C", "bogus"))
print(pcall(os.setlocale, {}))

-- clock: processor time, a float that does not go backwards
local c1 = os.clock()
local x = 0
for i = 1, 100000 do x = x + i end
local c2 = os.clock()
print(math.type(c1), c2 >= c1)

local names = {}
for k in pairs(os) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
