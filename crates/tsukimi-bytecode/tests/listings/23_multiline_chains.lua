-- Suffix chains, calls and operators spread over lines: each instruction gets the line of
-- the last token read when luac emits it.
local t = {}
local x = t
  .field
  .other
local y = t
  [1]
  [
    2
  ]
  .z
t
  .a
  .b = 1
local c = t:
  method(1,
    2)
  :other "s"
  .field
local d = x(
  1)(
  2
  ){
  3
  }
local e = (t
  .a
)
  .b
local n = 1 +
  t.field
  -
  t
  .g
local s = t.a
  ..
  t
  .b
local cmp = t.a
  <
  t
  .b
print(x, y, c, d, e, n, s, cmp)
