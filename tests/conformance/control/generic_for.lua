-- Generic for: iterator protocol, state and control values, custom iterators.
local function range(n)
  local i = 0
  return function() i = i + 1 if i <= n then return i end end
end
local out = ""
for i in range(4) do out = out .. i end
print(out)
local function stateless(limit, current)
  if current < limit then return current + 1, current * current end
end
for i, sq in stateless, 4, 0 do print(i, sq) end
local seen = {}
local function recorder(state, control)
  seen[#seen + 1] = tostring(state) .. "/" .. tostring(control)
  if control < 3 then return control + 1 end
end
for _ in recorder, "S", 0 do end
print(#seen, seen[1], seen[4])
for a, b, c in function(_, c) if not c then return 1, 2, 3 end end do print(a, b, c) end
local count = 0
for k, v in next, {x = 1} do count = count + 1 print(k, v) end
print(count)
local function multi()
  return function(_, c) if c < 2 then return c + 1, "v" .. c, nil, "extra" end end, nil, 0
end
for i, v, w, x in multi() do print(i, v, w, x) end
print(pcall(function() for _ in nil do end end))
print(pcall(function() for _ in 42 do end end))
print(pcall(function() local t = {} for _ in t do end end))
local callable = setmetatable({}, {__call = function(_, _, c) c = c + 1 if c <= 2 then return c end end})
for i in callable, nil, 0 do print("callable iterator", i) end
