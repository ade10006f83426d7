-- os.time with a table: normalisation, field updates, errors; os.difftime
local function show(t)
  return string.format("%d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d", t.year, t.month, t.day,
    t.hour, t.min, t.sec, t.wday, t.yday)
end

-- round trip through local time (independent of the time zone)
local t0 = os.time({year = 2020, month = 6, day = 15, hour = 10, min = 30, sec = 5})
print(math.type(t0), show(os.date("*t", t0)))
print(os.date("%Y-%m-%d %H:%M:%S", t0))

-- out-of-range fields are normalised and written back
local t = {year = 2021, month = 14, day = 35, hour = 25, min = -5, sec = 70}
local secs = os.time(t)
print(show(t), os.date("%Y-%m-%d %H:%M:%S", secs) == string.format("%d-%02d-%02d %02d:%02d:%02d",
  t.year, t.month, t.day, t.hour, t.min, t.sec))
t = {year = 2000, month = 3, day = 0}            -- day 0 is the last day of February
os.time(t)
print(show(t))
t = {year = 2001, month = 0, day = 1, hour = 0}   -- month 0 is December of the year before
os.time(t)
print(show(t))
t = {year = 2020, month = 1, day = 1 + 365}      -- 2020 is a leap year
os.time(t)
print(show(t))

-- defaults: hour 12, min 0, sec 0; strings and integral floats are accepted
t = {year = "2010", month = 7.0, day = "4"}
os.time(t)
print(show(t), math.type(t.year), math.type(t.month))

-- differences do not depend on the zone (no DST change in the middle of January)
local a = os.time({year = 2015, month = 1, day = 10, hour = 0})
local b = os.time({year = 2015, month = 1, day = 20, hour = 6, min = 30})
print(os.difftime(b, a), os.difftime(a, b), math.type(os.difftime(b, a)))
print(os.difftime(10, 3), pcall(os.difftime, 1))
print(pcall(os.difftime, 1.5, 1))

-- __index on the date table is honoured
local proxy = setmetatable({}, {__index = {year = 2012, month = 2, day = 29}})
print(os.date("%Y-%m-%d", os.time(proxy)), rawget(proxy, "day"))

-- errors
print(pcall(os.time, {}))
print(pcall(os.time, {year = 2000}))
print(pcall(os.time, {year = 2000, month = 1}))
print(pcall(os.time, {year = 2000, month = "x", day = 1}))
print(pcall(os.time, {year = 2000, month = 1.5, day = 1}))
print(pcall(os.time, {year = 2000, month = 1, day = {}}))
print(pcall(os.time, {year = 2000, month = 1, day = 1, hour = "noon"}))
print(pcall(os.time, {year = 2^40, month = 1, day = 1}))
print((pcall(os.time, {year = 2000, month = 2^31, day = 1})))
print((pcall(os.time, {year = 2000, month = 1, day = -2^31})))
print(pcall(os.time, 42))
print(math.type(os.time()), os.time(nil) >= t0)
