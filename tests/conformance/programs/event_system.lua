-- Closures as event handlers: registration, removal during dispatch, varargs forwarding.
local function new_emitter()
  local handlers = {}
  local emitter = {}
  function emitter.on(name, fn)
    handlers[name] = handlers[name] or {}
    local list = handlers[name]
    list[#list + 1] = fn
    return function()
      for i = 1, #list do if list[i] == fn then list[i] = false end end
    end
  end
  function emitter.emit(name, ...)
    local list = handlers[name]
    if not list then return 0 end
    local called = 0
    for i = 1, #list do
      local fn = list[i]
      if fn then called = called + 1 fn(...) end
    end
    return called
  end
  return emitter
end
local e = new_emitter()
local log = {}
local function logger(prefix) return function(...) log[#log + 1] = prefix .. ":" .. select("#", ...) end end
local off_a = e.on("x", logger("a"))
e.on("x", logger("b"))
local off_c
off_c = e.on("x", function(...) log[#log + 1] = "c" off_c() end)
print(e.emit("x", 1, 2), e.emit("x"), e.emit("y"))
off_a()
print(e.emit("x", nil, nil, nil))
local s = ""
for i = 1, #log do s = s .. log[i] .. " " end
print(s)
local total = 0
e.on("sum", function(a, b) total = total + a * b end)
for i = 1, 1000 do e.emit("sum", i, 2) end
print(total)
print(pcall(e.emit, "bad", 1))
e.on("boom", function() error("handler failed") end)
print(pcall(e.emit, "boom"))
