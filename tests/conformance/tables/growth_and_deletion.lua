-- Tables grow and shrink correctly through array and hash parts.
local t = {}
for i = 1, 1000 do t[i] = i * i end
local ok = true
for i = 1, 1000 do if t[i] ~= i * i then ok = false end end
print(#t, ok, t[1000])
for i = 1, 1000, 2 do t[i] = nil end
local count = 0
for _ in pairs(t) do count = count + 1 end
print(count, t[2], t[3], t[1000])
local h = {}
for i = 1, 500 do h["key" .. i] = i end
for i = 1, 500, 3 do h["key" .. i] = nil end
count = 0
for _ in pairs(h) do count = count + 1 end
print(count, h.key1, h.key2, h.key500)
for i = 1, 500 do h["key" .. i] = -i end
count = 0
for _, v in pairs(h) do count = count + v end
print(count)
local sparse = {}
sparse[1000000] = "far"
sparse[1] = "near"
print(sparse[1000000], sparse[1], sparse[500000])
local negs = {}
for i = -50, 50 do negs[i] = i end
local s = 0
for _, v in pairs(negs) do s = s + v end
print(s, negs[-50], negs[0], negs[50])
local mixed = {}
for i = 1, 100 do mixed[i] = i; mixed[i + 0.5] = i; mixed[tostring(i)] = i end
count = 0
for _ in pairs(mixed) do count = count + 1 end
print(count, mixed[50.5], mixed["50"], mixed[50])
local reuse = {}
for round = 1, 5 do
  for i = 1, 100 do reuse["r" .. i] = round end
  for i = 1, 100 do reuse["r" .. i] = nil end
end
print(next(reuse))
