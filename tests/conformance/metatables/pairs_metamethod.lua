-- __pairs customises pairs(); next() and ipairs() are not affected by it.
local backing = {a = 1, b = 2}
local proxy = setmetatable({}, {__pairs = function(self)
  local keys, i = {"b", "a"}, 0
  return function()
    i = i + 1
    local k = keys[i]
    if k then return k, backing[k] end
  end, self, nil
end})
for k, v in pairs(proxy) do print(k, v) end
print(next(proxy))
local args = {}
local probe = setmetatable({}, {__pairs = function(...)
  args.n = select("#", ...)
  return function() return nil end, "state", "init", "extra"
end})
local f, s, i, extra = pairs(probe)
print(args.n, type(f), s, i, extra)
local counted = setmetatable({1, 2, 3}, {__pairs = function(t) return next, t, nil end})
local n = 0
for _ in pairs(counted) do n = n + 1 end
print(n)
print(pcall(pairs, setmetatable({}, {__pairs = 1})))
local p = setmetatable({}, {__pairs = function() return 1, 2, 3 end})
print(pcall(function() for _ in pairs(p) do end end))
local ip = setmetatable({}, {__pairs = function() error("not used by ipairs") end,
                             __index = function(_, k) if k < 3 then return k end end})
for k, v in ipairs(ip) do print("ipairs", k, v) end
