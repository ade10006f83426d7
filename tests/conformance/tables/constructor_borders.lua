-- '#' of tables built by constructors with nils inside: SETLIST sizes the array part for
-- all its items at once (luaH_resizearray), so the border is the last item's index.
local function pack(...) return {...} end
print(#pack(1, nil, 3), #pack(nil, nil, 3), #pack(1, nil, nil, nil, 5))
print(#{1, nil, 3}, #{nil, nil, 3}, #{n = 1, 1, nil, 3})
local function three() return 1, nil, 3 end
print(#{three()}, #{0, three()}, #{three(), 9})
local t = pack(1, nil, 3)
t[4] = 4
print(#t)
local big = {}
for i = 1, 300 do big[i] = i end
big[150] = nil
local function unpack(list, i, n)
  if i <= n then return list[i], unpack(list, i + 1, n) end
end
print(#pack(unpack(big, 1, 300)))
