-- collectgarbage checks the integer arguments lbaselib reads, and compares its option as a
-- C string (it ends at the first zero byte).
print(pcall(collectgarbage, "step", 1.5))
print(pcall(collectgarbage, "step", "x"))
print(pcall(collectgarbage, "incremental", 1, 2, 3.5))
print(pcall(collectgarbage, "generational", 1, {}))
print(pcall(collectgarbage, "setpause", 1.5))
print(pcall(collectgarbage, "setstepmul", {}))
print(pcall(collectgarbage, "collect", 1.5))
print(type(collectgarbage("count\0junk")))
print(pcall(collectgarbage, "bogus\0junk"))
print(pcall(collectgarbage, ""))
