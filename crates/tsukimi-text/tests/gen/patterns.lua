-- Generates tests/data/patterns.txt: lua5.4 tests/gen/patterns.lua > tests/data/patterns.txt
package.path = "tests/gen/?.lua;" .. package.path
local C = require("common")

local subjects = {
  "", "a", "abc", "hello world", "  trim me  ", "x = 10, y = 20", "THE (quick) fox",
  "f(a(b)c)d", "aaa", "abab", "a.b-c+d*e?f", "one\ntwo\tthree", "caf\xc3\xa9 \xff\x00z",
  "key=val; k2=v2", "[[x]] %d %%", "THE (quick) [brown] {fox}", "123abc456", "\0\0a\0",
}
local patterns = {
  "", "a", "^a", "a$", "^$", ".", "..", "%a+", "%A+", "%d+", "%D", "%l+", "%u+", "%s+",
  "%S+", "%w+", "%W", "%x+", "%p", "%P+", "%c", "%g+", "%G", "%z", "[%a_][%w_]*", "[^%s]+",
  "[a-c]+", "[^a-c]+", "[%]]", "[]]", "[^]]", "[a-]", "[-a]", "a*", "a+", "a-", "a?", "a-b",
  ".-", ".*", "(.-)", "(a*(.)%w(%s*))", "()a()", "()", "(h)(e)(l)(l)(o)", "%((%w+)%)",
  "%b()", "%b[]", "%b{}", "%bxy", "%f[%w]%w+", "%f[%W]", "%f[%a]", "%f[^%z]", "(%w+)=(%w+)",
  "(a)%1", "(%w)%1", "(.)(.)%2%1", "^(%s*)(.-)(%s*)$", "x*$", "[%d%.]+", "%.", "%%",
  "[%%]", "%-", "[+*?]", "^%s*$", "b*", "(a+)(b?)", "^(.-)%s", "[\xc3\xff]", "\0",
  "%z+", "[%z]", "[^%z]+", "(%a)(%d?)", "$", "^", "a.-b", "%a-c", "o%w?", "((a)(b))",
  "[a%-z]", "[%a-z]", "[z-a]", "[%w%s]+", "%A", "%f[a]", "f%b()d",
}
local inits = {nil, 1, 2, -1, -3, 0, 100, -100}

local function q(f, ...) return C.result(pcall(f, ...)) end

for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do
    C.line{"find", C.enc(s), C.enc(p), "N", "N", q(string.find, s, p)}
    C.line{"match", C.enc(s), C.enc(p), "N", "N", q(string.match, s, p)}
    local acc = {}
    local ok, err = pcall(function()
      local n = 0
      for a, b, c in string.gmatch(s, p) do
        n = n + 1
        acc[#acc + 1] = C.val(a); acc[#acc + 1] = C.val(b); acc[#acc + 1] = C.val(c)
        if n > 200 then break end
      end
    end)
    if ok then C.line{"gmatch", C.enc(s), C.enc(p), "N", "N", "ok|" .. table.concat(acc, "|")}
    else C.line{"gmatch", C.enc(s), C.enc(p), "N", "N", "err|" .. C.enc(err)} end
    C.line{"gsub", C.enc(s), C.enc(p), "N", C.enc("<%0>"), q(string.gsub, s, p, "<%0>")}
  end
end

-- init arguments, plain finds
for _, s in ipairs{"hello world", "", "aaa"} do
  for _, p in ipairs{"o", "l+", "", "^h", "%w+$", "a.", "o w"} do
    for i = 1, 8 do
      local init = inits[i]
      if init then
        C.line{"find", C.enc(s), C.enc(p), tostring(init), "N", q(string.find, s, p, init)}
        C.line{"find", C.enc(s), C.enc(p), tostring(init), "true", q(string.find, s, p, init, true)}
        C.line{"match", C.enc(s), C.enc(p), tostring(init), "N", q(string.match, s, p, init)}
        local acc = {}
        for a, b, c in string.gmatch(s, p, init) do
          acc[#acc + 1] = C.val(a); acc[#acc + 1] = C.val(b); acc[#acc + 1] = C.val(c)
        end
        C.line{"gmatch", C.enc(s), C.enc(p), tostring(init), "N", "ok|" .. table.concat(acc, "|")}
      end
    end
  end
end

-- gsub templates and limits
local templates = {"%1", "%2", "%0%0", "%%", "[%1|%2]", "%", "%x", "x%", "", "%9", "a%%b%1c"}
for _, s in ipairs{"hello world", "abc", "", "a,b,,c"} do
  for _, p in ipairs{"(o)", "%w+", "(%w)(%w*)", "()", "", ",", "^%w", "(l)(l)", "x*", "(h"} do
    for _, r in ipairs(templates) do
      C.line{"gsub", C.enc(s), C.enc(p), "N", C.enc(r), q(string.gsub, s, p, r)}
    end
    for _, n in ipairs{0, 1, 2, -1} do
      C.line{"gsubn", C.enc(s), C.enc(p), tostring(n), C.enc("#"), q(string.gsub, s, p, "#", n)}
    end
  end
end

-- errors and limits
local bad = {
  "%", "a%", "[a", "[^", "[%", "[a%]", "(", "(()", ")", "a)", "%b", "%ba", "%f", "%fa", "%f[a",
  "%1", "(a)%2", "(a%1)", "%0", "(a)%0", "[]", "[^]", string.rep("(a)", 33), string.rep("()", 32),
  string.rep("a?", 250), string.rep("(", 31) .. string.rep(")", 31), "%g%", "x[%a-", "((a)",
}
for _, p in ipairs(bad) do
  for _, s in ipairs{"", "aaa", string.rep("a", 260)} do
    C.line{"find", C.enc(s), C.enc(p), "N", "N", q(string.find, s, p)}
    C.line{"match", C.enc(s), C.enc(p), "N", "N", q(string.match, s, p)}
    C.line{"gsub", C.enc(s), C.enc(p), "N", C.enc("%1"), q(string.gsub, s, p, "%1")}
  end
end

-- random patterns over a small alphabet (differential testing against lua5.4)
math.randomseed(12345)
local palpha = {"a", "b", "%", "(", ")", "[", "]", "^", "$", "*", "+", "-", "?", ".", "%a", "%d",
  "%b()", "%f[%w]", "%1", "()", "[^a]", "x", "%s", "[a-c]", "%%", "%S"}
local salpha = {"a", "b", "(", ")", "x", " ", "1", "c", "%"}
local function rand_from(alpha, max)
  local t = {}
  for i = 1, math.random(0, max) do t[i] = alpha[math.random(#alpha)] end
  return table.concat(t)
end
for _ = 1, 2500 do
  local p = rand_from(palpha, 6)
  local s = rand_from(salpha, 10)
  C.line{"find", C.enc(s), C.enc(p), "N", "N", q(string.find, s, p)}
  C.line{"match", C.enc(s), C.enc(p), "N", "N", q(string.match, s, p)}
  C.line{"gsub", C.enc(s), C.enc(p), "N", C.enc("<%0>"), q(string.gsub, s, p, "<%0>")}
end
