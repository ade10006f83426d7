-- Generates tests/data/utf8.txt: lua5.4 tests/gen/utf8.lua > tests/data/utf8.txt
-- Lines: function name, subject, args (values joined by '|'), result
package.path = "tests/gen/?.lua;" .. package.path
local C = require("common")

local function args_text(t, n)
  local parts = {}
  for i = 1, n do parts[i] = C.val(t[i]) end
  return table.concat(parts, "|")
end
local function case(name, f, s, ...)
  local n = select("#", ...)
  C.line{name, C.enc(s), args_text({...}, n), C.result(pcall(f, s, ...))}
end
local function codes(s, lax)
  local out = {}
  local ok, err = pcall(function()
    for p, c in utf8.codes(s, lax) do out[#out + 1] = p; out[#out + 1] = c end
  end)
  -- the iterator's luaL_error carries the position of the loop; the VM adds that part
  if not ok then error((err:gsub("^[^:]*:%d+: ", "")), 0) end
  return table.unpack(out)
end

local subjects = {"", "a", "abc", "h\xc3\xa9llo", "\xe2\x82\xac1", "\xf0\x9f\x98\x80!", "\x80abc",
  "a\x80", "\xc3", "a\xc3\xa9\x80b", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\x80", "\xe0\x80\x80",
  "\xf8\x88\x80\x80\x80", "\xfc\x84\x80\x80\x80\x80", "\xfd\xbf\xbf\xbf\xbf\xbf", "\xfe\x80", "\xff",
  "\xf4\x8f\xbf\xbf", "\xef\xbf\xbf", "x\xe2\x82", "\0\xc2\x80\0"}
local positions = {"none", 1, 2, 3, 0, -1, -2, -5, 4, 5, 10, -100}
for _, s in ipairs(subjects) do
  for _, lax in ipairs{false, true} do
    case("len", utf8.len, s, nil, nil, lax)
    case("codepoint", utf8.codepoint, s, 1, -1, lax)
    case("codes", codes, s, lax)
  end
  for _, i in ipairs(positions) do
    if i == "none" then i = nil end
    case("len", utf8.len, s, i)
    case("len", utf8.len, s, 1, i)
    case("codepoint", utf8.codepoint, s, i)
    case("codepoint", utf8.codepoint, s, i, -1)
    for _, n in ipairs{0, 1, 2, 3, -1, -2, -3, 6} do
      case("offset", utf8.offset, s, n, i)
    end
  end
end
for _, c in ipairs{0, 65, 0x7f, 0x80, 0x7ff, 0x800, 0xd800, 0xffff, 0x10000, 0x10ffff, 0x110000,
                   0x3ffffff, 0x4000000, 0x7fffffff, 0x80000000, -1} do
  C.line{"char", "", C.val(c), C.result(pcall(utf8.char, c))}
end
C.line{"char", "", "i72|i233|i-5", C.result(pcall(utf8.char, 72, 233, -5))}
C.line{"char", "", "", C.result(pcall(utf8.char))}
C.line{"charpattern", "", "", C.result(true, utf8.charpattern)}
