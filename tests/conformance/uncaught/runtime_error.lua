-- An uncaught runtime error: stdout so far is kept, stderr names the position, status 1.
print("before the error")
local t = nil
print(t.field)
print("never printed")
