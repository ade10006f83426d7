-- Strings may contain any byte, including zero; none of them is special.
local s = "a\0b\0c"
print(#s, s == "a\0b\0c", s == "a\0b", s ~= "a")
print(s)
local with_zero = "\0" .. "x" .. "\0"
print(#with_zero, #(with_zero .. with_zero), with_zero .. "|")
local t = {["a\0b"] = 1, ["a\0c"] = 2, ["a"] = 3}
print(t["a\0b"], t["a\0c"], t["a"], t["a\0"])
local all = ""
for i = 0, 255, 15 do all = all .. load("return '\\" .. i .. "'")() end
print(#all, all == "\0\15\30\45\60\75\90\105\120\135\150\165\180\195\210\225\240\255")
print(tostring("\0z"), #tostring("\0z"), tonumber("1\0"), "\0" == "\0", "\0" < "\0\0")
print(load("return 'x\\0y'")() == "x\0y", #load("return '\\0\\0\\0'")())
local f = load("return ...")
print(#f("\0\0"), f("\0a") == "\0a")
