-- lua_load asks the reader for the next piece only when the lexer needs its first byte:
-- a syntax error stops the reading, the mode check reads one piece, an empty piece ends the
-- chunk, and "reader function must return a string" is located at load's caller.
local function reader(pieces)
  local calls = {}
  local i = 0
  return function()
    i = i + 1
    calls[#calls + 1] = i
    return pieces[i]
  end, calls
end
-- Everything runs under pcall: lua.c's traceback handler would also apply to errors raised
-- inside readers (lua_load keeps the caller's message handler).
local function main()
local function try(pieces, mode)
  local r, calls = reader(pieces)
  local f, err = load(r, "=pieces", mode)
  print(#calls, f and "function" or err)
end
try({"return 1", " + 2", nil})
try({"return 1", " + 2", nil}, "b")
try({"\27Lua", "junk", nil}, "t")
try({"x x", " y y", "z"})
try({"return 1 ", "+ ", "@", "more", "more"})
try({"return +", "1"})
try({"return 3", "x", "y"})
try({"return 'a\\", "q', 'more'"})
try({"return 'a\\x4", "g'", "more"})
try({"return [[abc", "def]]"})
try({"--[[ comment", " ]] return 5 "})
try({"local t = {a", " = 1}", " return t"})
try({"", "return 1"})
try({"return", " 1", "", "return 2"})
try({"#!x", "\nreturn 1"})
try({"return 1\r", "\n+ @"})
print(pcall(load, (reader({"return 1", {}, "more"}))))
print(pcall(load, (reader({"x x", {}, "more"}))))
print(load((reader({"return 1", true}))))
-- The chunk name is checked before the reader's type, and before any read.
print(pcall(load, reader({"return 1"})))
print(pcall(load, {}, {}))
local n = 0
local f, err = load(function() n = n + 1 if n == 1 then return "return " elseif n == 2 then error("stop") end return "1" end)
print(n, f, err)
-- A reader that loads another chunk in pieces to produce its own.
local outer_calls = 0
local f = load(function()
  outer_calls = outer_calls + 1
  if outer_calls == 1 then
    local g = load((reader({"return 'return ", "40 + 2'"})))
    return g()
  end
end)
print(f(), outer_calls)
local done = false
print(load(function()
  if done then return nil end
  done = true
  local g, e = load((reader({"x x ", "never read"})))
  return e and "return ..., [[" .. e .. "]]"
end, "=nested")("ok"))
end
print(pcall(main))
