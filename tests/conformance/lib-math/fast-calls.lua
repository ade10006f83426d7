-- Calls of math functions in every shape a CALL instruction has (tsukimi computes
-- abs/ceil/floor/sqrt/sin/cos/exp of a number in the instruction itself): the results, their
-- subtypes and the errors must be the library function's, whichever way it is reached.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    t[i] = math.type(v) and (math.type(v) .. ":" .. tostring(v)) or tostring(v)
  end
  print(t.n, table.concat(t, " | "))
end

local values = {
  0, 1, -1, 7, -7, 2^53, math.maxinteger, math.mininteger,
  0.0, -0.0, 0.5, -0.5, 2.5, -2.5, 3.7, -3.7, 1e300, -1e300, 2^62, 2^63, -2^63, 2^70,
  1/0, -1/0, 1e-310,
}
local names = { "abs", "ceil", "floor", "sqrt", "sin", "cos", "exp" }

-- The same function called directly (one result, a result list, a statement) and through
-- pcall (an ordinary call of the native function): all must agree.
for _, name in ipairs(names) do
  local f = math[name]
  for _, x in ipairs(values) do
    local direct = f(x)
    local listed = { f(x) }
    local _, called = pcall(f, x)
    f(x)
    local same = direct == called or (direct ~= direct and called ~= called)
    if not same or math.type(direct) ~= math.type(called) or #listed ~= 1 then
      print("mismatch", name, x, direct, called, #listed)
    end
  end
  show(name, f(3.7), f(-2), f(0.25), f(100))
end

-- NaN keeps its sign through floor/ceil/abs/sqrt, as in the library.
local nan = 0 / 0
show(math.floor(nan), math.ceil(nan), math.abs(nan), math.sqrt(-1), math.sqrt(nan))

-- Arguments: extra ones are ignored, a call's results as the argument list, strings are
-- coerced, anything else is an error naming the function.
show(math.floor(3.5, "extra", {}), math.sqrt(16, nil))
local function two() return 2.5, 9 end
show(math.floor(two()), math.abs(math.floor(-4.5)), math.sqrt(math.abs(-16)))
show(math.floor("3.7"), math.abs("-2"), math.sqrt("0x10"), math.ceil(" 1.5 "))
show(pcall(function() return math.floor() end))
show(pcall(function() local v = math.sqrt({}) return v end))
show(pcall(function() return math.abs(nil) end))
show(pcall(function() local s = math.cos("x") return s end))
show(select("#", math.floor(2.5)), select("#", math.abs(-1), math.abs(-2)))

-- The function object carries the behaviour, not its name.
local floor = math.floor
show(floor(-7.25))
local saved = math.floor
math.floor = function(x) return "replaced " .. tostring(x) end
show(math.floor(1.5), floor(1.5))
math.floor = saved
show(math.floor(1.5))

-- In a loop, as a statement and as an expression.
local total = 0
for i = 1, 100 do
  math.sqrt(i)
  total = total + math.floor(math.sqrt(i)) + math.abs(-i) % 3
end
show(total)

-- Call hooks still see every call of these functions.
local calls = 0
debug.sethook(function(event)
  local info = debug.getinfo(2, "n")
  if info and info.name == "floor" then calls = calls + 1 end
end, "c")
for i = 1, 5 do local _ = math.floor(i + 0.5) end
debug.sethook()
show(calls)

-- Errors raised around them keep their positions and tracebacks.
local ok, err = pcall(function()
  local x = math.floor(2.5)
  return x + nil
end)
show(ok, err)
