-- load with a reader function: pieces are concatenated until nil or "" is returned.
local function reader_of(pieces)
  local i = 0
  return function()
    i = i + 1
    return pieces[i]
  end
end
print(load(reader_of({"return ", "1 ", "+ ", "2"}))())
print(load(reader_of({"ret", "urn 'split", " token'"}))())
print(load(reader_of({"return 1", "", "+ 100"}))())
print(load(reader_of({}))())
print(load(reader_of({"x = = 1"}), "=reader"))
print(load(reader_of({"return 1", 2}), "=reader")())
-- Reader errors are raised inside load; pcall keeps lua.c's traceback handler out of them.
print(pcall(load, reader_of({"return ", {}}), "=reader"))
print(pcall(load, function() error("reader failed") end))
local ok, fn, err = pcall(load, function() error({}) end)
print(ok, fn, type(err))
local calls = 0
local f = load(function()
  calls = calls + 1
  if calls == 1 then return "return 'one call' " end
  return nil
end)
print(f(), calls)
local digits = {"r", "e", "t", "u", "r", "n", " ", "4", "0", "+", "2"}
print(load(reader_of(digits), "=bytes")())
print(load(reader_of({"return ..."}), "=va")("vararg through reader"))
print(load(reader_of({"return 'a'"}), "=chunk", "t")())
print(load(reader_of({"\27Lua"}), "=chunk", "t"))
local ok2, chunk = pcall(load, reader_of({"return 1"}), "=chunk", "t", {}, "extra")
print(ok2, type(chunk), chunk())
