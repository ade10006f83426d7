-- string.dump and loading binary chunks: a dumped function, loaded again, behaves like the
-- original (fresh upvalues, _ENV first); mode checks; native functions cannot be dumped.
-- Only results that are identical between engines are printed, never the dumped bytes.

local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " ", 1, t.n))
end

-- a plain function
local function add(a, b) return a + b end
local add2 = load(string.dump(add))
show(type(add2), add2(2, 3), add2(1.5, 2))
show(type(string.dump(add)), string.dump(add):sub(1, 4) == "\27Lua")

-- varargs and multiple results
local function va(...)
  return select('#', ...), ...
end
show(load(string.dump(va))(1, nil, 3, nil))

-- nested functions and every constant kind
local function consts()
  local function inner(x) return x * 2, "inner" end
  return nil, true, false, 42, -7, 3.25, 2^63, math.mininteger, "str\0ing", inner(21)
end
show(load(string.dump(consts))())
show(load(string.dump(consts, true))())

-- upvalues are fresh: the first one is _ENV (the globals) when loaded with no env
local counter = 10
local function bump() counter = counter + 1; return counter end
show(bump(), bump())
local ok, err = pcall(load(string.dump(bump)))
show(ok, err ~= nil)

local function uses_global() return type(print), tostring(rawequal(_ENV, _G)) end
show(load(string.dump(uses_global))())

-- with an explicit env, the first upvalue is that env
local function read_x() return x end
show(load(string.dump(read_x), "dumped", "b", { x = "from env" })())
show(load(string.dump(read_x), "dumped", "bt", { x = 99 })())

-- a closure factory survives the round trip and creates independent closures
local function make_counter()
  local n = 0
  return function() n = n + 1; return n end
end
local make2 = load(string.dump(make_counter))
local c1, c2 = make2(), make2()
show(c1(), c1(), c1(), c2())

-- a main chunk compiled from source, dumped and loaded again
local chunk = load("local a, b = ... ; local t = {} for i = a, b do t[#t + 1] = i * i end return table.concat(t, ',')")
show(load(string.dump(chunk))(1, 5))
show(load(string.dump(chunk, true))(2, 4))

-- loops, goto, integer and float for
local function loops(n)
  local s = 0
  for i = 1, n do
    if i % 2 == 0 then goto continue end
    s = s + i
    ::continue::
  end
  for x = 0.5, 2, 0.5 do s = s + x end
  for k, v in pairs({ 10 }) do s = s + k + v end
  return s
end
show(loops(10), load(string.dump(loops))(10))

-- runtime errors from a non-stripped dump keep the chunk name and line numbers
local src = "local t = nil\nlocal function f()\n  return t.x\nend\nreturn f"
local f = load(src, "=errchunk")()
show(pcall(f))
show(pcall(load(string.dump(f))))
local g = load("return function(a)\n\n  return a .. {}\nend", "@somefile.lua")()
show(pcall(load(string.dump(g)), "s"))
show(pcall(load(string.dump(g)), 1))

-- mode checks
show(load(string.dump(add), "bin", "t"))
show(load(string.dump(add), "=bin", "t"))
show(load("return 1", "txt", "b"))
show(select('#', load(string.dump(add), "bin", "b")))

-- dumping native functions (and non-functions) fails
show(pcall(string.dump, print))
show(pcall(string.dump, string.format))
show(pcall(string.dump))
show(pcall(string.dump, {}))

-- a binary chunk read piece by piece through a reader function
local bytes = string.dump(add)
local pos = 0
local function reader()
  if pos >= #bytes then return nil end
  local piece = bytes:sub(pos + 1, pos + 3)
  pos = pos + 3
  return piece
end
show(load(reader)(20, 22))

-- truncated binary chunks are refused (message texts differ between engines: only the
-- failure is compared)
for _, cut in ipairs({ 1, 4, 5, 12, 20 }) do
  local fn, msg = load(bytes:sub(1, cut))
  show(cut, fn, type(msg), msg:find("bad binary format", 1, true) ~= nil)
end
