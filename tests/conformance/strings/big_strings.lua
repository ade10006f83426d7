-- Large strings: doubling to a megabyte, long concatenation expressions, long-string keys.
local s = "0123456789abcdef"
for _ = 1, 16 do s = s .. s end
print(#s)
local t = s .. "x"
local u = s .. "y"
print(t < u, t == u, #t == #u, t == s .. "x", u > t)
local keys = {}
keys[t] = "t"; keys[u] = "u"
print(keys[s .. "x"], keys[s .. "y"], keys[s])
local a, b, c, d, e = "a", "b", "c", "d", "e"
local joined = a .. b .. c .. d .. e .. a .. b .. c .. d .. e .. a .. b .. c .. d .. e .. a .. b
  .. c .. d .. e .. a .. b .. c .. d .. e .. a .. b .. c .. d .. e .. a .. b .. c .. d .. e
  .. 1 .. 2 .. 3 .. 4.5 .. a .. b .. c .. d .. e .. a .. b .. c .. d .. e .. a .. b .. c .. d
print(joined, #joined)
local pieces = {}
for i = 1, 100 do pieces[i] = tostring(i) end
local function join(list, first, last)
  if first == last then return list[first] end
  local mid = (first + last) // 2
  return join(list, first, mid) .. "," .. join(list, mid + 1, last)
end
local csv = join(pieces, 1, 100)
print(#csv, csv == join(pieces, 1, 100))
local prefix_a, prefix_b = s .. "a" .. s, s .. "b" .. s
print(prefix_a < prefix_b, #prefix_a)
local zeros = "\0"
for _ = 1, 10 do zeros = zeros .. zeros end
print(#zeros, zeros == zeros .. "", zeros < zeros .. "\0")
