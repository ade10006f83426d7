-- Concatenation chains: adjacent strings and numbers fold first, then __concat runs from
-- right to left on what is left.
-- Not tested: "a" .. "b" .. obj .. "c" .. "d" where __concat returns a non-string. There
-- lua5.4.4 passes the wrong operand to the second metamethod call and later crashes in the
-- incremental collector, so it cannot serve as a reference; neither can a chain through a
-- __concat that returns nil (also a crash in lua5.4.4's collector afterwards).
local calls = {}
local M = {}
M.__concat = function(a, b)
  calls[#calls + 1] = {a, b}
  return setmetatable({left = a, right = b}, M)
end
local function obj(name) return setmetatable({name = name}, M) end
local function name(v)
  if type(v) ~= "table" then return tostring(v) end
  if v.name then return v.name end
  return "<" .. name(v.left) .. "+" .. name(v.right) .. ">"
end
local function drain()
  local s = ""
  for i = 1, #calls do s = s .. "(" .. name(calls[i][1]) .. "|" .. name(calls[i][2]) .. ")" end
  calls = {}
  return s
end
local r = "a" .. obj("X")
print(name(r), drain())
r = obj("P") .. obj("Q") .. obj("R")
print(name(r), drain())
r = 1 .. 2 .. obj("N") .. 3.5 .. 4
print(name(r), drain())
r = obj("S") .. "x" .. "y" .. "z"
print(name(r), drain())
r = obj("A") .. obj("B")
print(name(r), drain())
local s = "plain" .. 1 .. 2.0 .. "text"
print(s, drain() == "")
local function evaluation_order()
  local order = ""
  local function f(tag) order = order .. tag return tag end
  local joined = f("1") .. f("2") .. f("3") .. f("4")
  return joined, order
end
print(evaluation_order())
