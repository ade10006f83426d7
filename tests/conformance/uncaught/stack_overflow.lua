-- Uncaught stack overflow from unbounded non-tail recursion: status 1, stdout intact.
print("recursing")
local function f() return 1 + f() end
f()
