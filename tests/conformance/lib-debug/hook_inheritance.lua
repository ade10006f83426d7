-- A new coroutine inherits its creator's hook mask and count (lua_newthread), but the hook
-- function is kept per thread (ldblib.c's hook table, keyed by the thread): until one is
-- registered for the new thread, debug.gethook(co) reports no function and no events arrive.
-- Events inside coroutines go to `print`, so they appear in order with the results.

local seen = {}
local function hook(event, line)
  seen[#seen + 1] = line and (event .. " " .. line) or event
end

local function show(label)
  print(label, #seen > 0 and table.concat(seen, ", ") or "(none)")
  seen = {}
end

local function body(a)
  local x = a + 1
  coroutine.yield(x)
  return x * 2
end

-- created under a call/return/line hook with a count
debug.sethook(hook, "crl", 7)
local co = coroutine.create(body)
debug.sethook()
seen = {}
local f, mask, count = debug.gethook(co)
print("inherited", type(f), mask, count)
print("main after sethook()", debug.gethook())
print(coroutine.resume(co, 1))
show("no function registered")

-- registering a function for the thread (as debug.sethook would) makes the inherited
-- mask deliver events inside it
debug.getregistry()._HOOKKEY[co] = print
print("registered: events follow")
print(coroutine.resume(co))
print(coroutine.status(co))

-- count only: the count restarts in the new thread
debug.sethook(hook, "", 3)
local counted = coroutine.create(function() local s = 0; for i = 1, 4 do s = s + i end; return s end)
debug.sethook()
seen = {}
print("count only", select(2, debug.gethook(counted)))
debug.getregistry()._HOOKKEY[counted] = print
print("registered: events follow")
print(coroutine.resume(counted))

-- created without a hook: nothing inherited
local plain = coroutine.create(body)
print("plain", debug.gethook(plain))

-- a coroutine created inside a hooked coroutine inherits that coroutine's settings
local outer = coroutine.create(function()
  debug.sethook(hook, "r")
  local inner = coroutine.create(function() return 1 end)
  debug.sethook()
  return select(2, debug.gethook(inner))
end)
print("nested", coroutine.resume(outer))
print("main", debug.gethook())

-- coroutine.wrap creates a thread too
debug.sethook(hook, "c")
local wrapped = coroutine.wrap(function()
  local f2, m2, c2 = debug.gethook()
  return type(f2), m2, c2
end)
debug.sethook()
print("wrap", wrapped())
