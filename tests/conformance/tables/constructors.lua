-- Table constructors: positional, named, keyed, separators, nesting, multi-value tails.
local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  local function before(a, b)
    if type(a) ~= type(b) then return type(a) < type(b) end
    return a < b
  end
  for i = 2, #keys do
    local v, j = keys[i], i - 1
    while j >= 1 and before(v, keys[j]) do keys[j + 1] = keys[j]; j = j - 1 end
    keys[j + 1] = v
  end
  return keys
end
local function show(t)
  local out = "{"
  for _, k in ipairs(sorted_keys(t)) do
    local v = t[k]
    out = out .. tostring(k) .. "=" .. (type(v) == "table" and show(v) or tostring(v)) .. " "
  end
  return out .. "}"
end
local function three() return 1, 2, 3 end
local function none() end
print(show({}))
print(show({1, 2, 3}))
print(show({1, 2, 3,}))
print(show({1; 2; 3;}))
print(show({1, 2; 3}))
print(show({x = 1, y = 2}))
print(show({["x"] = 1, [10] = 2, [2.0] = "two", [-1] = "neg", [true] = "t"}))
print(show({1, 2, [1] = "explicit", [2] = "also"}))
print(show({[1] = "explicit", 1}))
print(show({three()}))
print(show({three(), three()}))
print(show({(three())}))
print(show({three(), 10}))
print(show({none()}))
print(show({none(), none()}))
print(show({1, nil, 3}))
print(show({nil, nil, 3}))
print(show({n = 1, 2, m = 3, 4}))
print(show({{1, {2, {3}}}, {x = {y = {}}}}))
print(show({"a" .. "b", 1 + 1, not nil, #"xyz", -1}))
print(show({[1 + 1] = "computed", [("k")] = "paren"}))
print(show({...}))
local function pack(...) return {n = select("#", ...), ...} end
print(show(pack(nil, nil)), show(pack()), show(pack(1, nil, 3, nil)))
local big = {}
for i = 1, 60 do big[i] = i end
local ctor = load("return {" .. (function() local s = "" for i = 1, 60 do s = s .. i .. "," end return s end)() .. "}")()
local same = true
for i = 1, 60 do if ctor[i] ~= big[i] then same = false end end
print(#ctor, same)
local seventy = {three(), three(), three(), three(), three(), three(), three(), three(), three(), three(),
  three(), three(), three(), three(), three(), three(), three(), three(), three(), three(),
  three(), three(), three(), three(), three(), three(), three(), three(), three(), three(),
  three(), three(), three(), three(), three(), three(), three(), three(), three(), three(),
  three(), three(), three(), three(), three(), three(), three(), three(), three(), three(), three()}
print(#seventy, seventy[50], seventy[51], seventy[52], seventy[53])
