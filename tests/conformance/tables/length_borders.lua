-- The length operator returns a border; for sequences the border is unique.
local t = {}
print(#t)
for i = 1, 10 do t[i] = i end
print(#t)
t[11] = nil
print(#t)
t[10] = nil
print(#t)
for i = 9, 1, -1 do t[i] = nil end
print(#t)
local s = {1, 2, 3, nil}
print(#s)
local u = {n = 3}
print(#u)
u[1] = "a"
print(#u)
u[2] = "b"; u[3] = "c"
print(#u)
local grow = {}
for i = 1, 1000 do grow[#grow + 1] = i end
print(#grow, grow[#grow])
while #grow > 500 do grow[#grow] = nil end
print(#grow)
local fromzero = {[0] = "zero", "one", "two"}
print(#fromzero, fromzero[0])
local neg = {[-1] = 1, [-2] = 2}
print(#neg)
local hashed = {}
hashed[1] = 1; hashed[2] = 2; hashed[3] = 3
print(#hashed)
local keyed = {[1] = 1, [2] = 2, [3] = 3, [4] = 4}
print(#keyed)
local floats = {}
floats[1.0] = "a"; floats[2.0] = "b"
print(#floats)
local strings = {}
strings["1"] = "a"
print(#strings, rawlen(strings), rawlen({1, 2}), rawlen("four"))
local seq = {}
for i = 1, 100 do seq[i] = true end
for i = 100, 1, -1 do seq[i] = nil; if i % 25 == 1 then print(i, #seq) end end
