-- errors inside coroutines, argument errors, wrap error positions
local co = coroutine.create(function() error("boom") end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))

local co2 = coroutine.create(function() error({code = 42}) end)
local ok, e = coroutine.resume(co2)
print(ok, type(e), e.code)

local co3 = coroutine.create(function() local x = nil; return x.field end)
print(coroutine.resume(co3))

local co4 = coroutine.create(function() error("no position", 0) end)
print(coroutine.resume(co4))

local w = coroutine.wrap(function() error("oops") end)
print(pcall(w))
local w2 = coroutine.wrap(function() error({}) end)
local ok2, e2 = pcall(w2)
print(ok2, type(e2))
local w3 = coroutine.wrap(function() return 1 end)
print(w3())
print(pcall(w3))
local w4 = coroutine.wrap(function() error("lvl0", 0) end)
print(pcall(w4))
local w5 = coroutine.wrap(function() error(12) end)
print(pcall(w5))

print(pcall(coroutine.create))
print(pcall(coroutine.create, 1))
print(pcall(coroutine.resume))
print(pcall(coroutine.resume, {}))
print(pcall(coroutine.status, nil))
print(pcall(coroutine.wrap))
print(pcall(coroutine.close, 1))
print(pcall(coroutine.yield, 1))
print(select("#", pcall(coroutine.yield)))
print(pcall(coroutine.isyieldable, 1))

-- pcall inside a coroutine catches, and yields still work after
local co5 = coroutine.create(function()
  local ok, err = pcall(error, "inner")
  coroutine.yield(ok, err)
  local ok2, err2 = pcall(function() coroutine.yield("from pcall body"); error("after") end)
  return ok2, err2
end)
print(coroutine.resume(co5))
print(coroutine.resume(co5))
print(coroutine.resume(co5))

-- error in a nested coroutine propagates through wrap
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() error("deep") end)
  inner()
end)
print(pcall(outer))

-- resuming itself / its resumer
local selfco
selfco = coroutine.create(function() return coroutine.resume(selfco) end)
print(coroutine.resume(selfco))
local a
a = coroutine.wrap(function()
  local b = coroutine.wrap(function() return pcall(a) end)
  return b()
end)
print(a())

-- C stack overflow through nested resumes
local depth = 0
local function nest()
  depth = depth + 1
  local co = coroutine.wrap(nest)
  return co()
end
local okn, en = pcall(nest)
-- (the exact depth depends on how many C levels the host used before the script)
print(okn, en:match("C stack overflow$"), depth > 150, depth < 200)
