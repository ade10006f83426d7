-- if / elseif / else chains and truthiness (only nil and false are false).
local function classify(v)
  if v == nil then return "nil"
  elseif v == false then return "false"
  elseif type(v) == "number" and v < 0 then return "negative"
  elseif type(v) == "number" then return "non-negative"
  else return "other:" .. type(v) end
end
for _, v in ipairs({0, -1, 1.5, "s", true}) do print(classify(v)) end
print(classify(nil), classify(false))
for _, v in ipairs({0, "", {}, true}) do
  if v then print("truthy", type(v)) else print("falsy", type(v)) end
end
if nil then print("no") elseif false then print("no") end
if false then print("no") else print("else branch") end
local n = 0
if n then n = n + 1 end
if not n then n = 100 elseif n == 1 then n = n + 10 else n = -1 end
print(n)
local function nested(a, b)
  if a then
    if b then return "both" else return "a only" end
  elseif b then
    return "b only"
  end
  return "neither"
end
print(nested(1, 1), nested(1, nil), nested(nil, 1), nested(nil, nil))
