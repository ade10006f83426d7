-- Keys at the edges: extreme integers, floats without integer value, infinities.
local max, min = 0x7fffffffffffffff, -0x7fffffffffffffff - 1
local t = {}
t[max], t[min], t[2^63], t[-2^63], t[1/0], t[-1/0], t[1e300], t[-0.0], t[0.1] =
  "max", "min", "2^63", "-2^63", "inf", "-inf", "1e300", "zero", "0.1"
print(t[max], t[min], t[2^63], t[-2^63], t[1/0], t[-1/0], t[1e300], t[0], t[0.1])
print(t[max + 0.0], t[min + 0.0], t[-(2^63) | 0], t[2^63 - 1])
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. v end
for i = 2, #keys do
  local v, j = keys[i], i - 1
  while j >= 1 and keys[j] > v do keys[j + 1] = keys[j]; j = j - 1 end
  keys[j + 1] = v
end
for i = 1, #keys do print(keys[i]) end
local arr = {}
arr[max] = 1
print(arr[max], next(arr))
local neg = {}
for i = -5, 5 do neg[i] = i end
print(#neg, neg[-5], neg[0], neg[5])
local bools = {[true] = "yes", [false] = "no"}
print(bools[true], bools[false], bools[1 == 1], bools[nil == false])
local fkeys = {}
for i = 1, 10 do fkeys[i / 2] = i end
print(fkeys[0.5], fkeys[1], fkeys[1.0], fkeys[5], #fkeys)
