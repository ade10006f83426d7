-- Exact comparisons between integers and floats near every precision boundary.
-- Each row prints one digit per column value: 1 when row <op> column holds, else 0.
local max, min = 0x7fffffffffffffff, -0x7fffffffffffffff - 1
local values = {
  min, min + 1, -2^63, -2^63 - 2^11, -(2^53) - 1, -(2^53), -(2^53) - 2.0,
  -1, -1.0, -0.5, -0.0, 0, 0.0, 0.5, 1, 1.0,
  2^53, 2^53 | 0, (2^53 | 0) + 1, 2^53 + 2, max - 1, max, 2^63, 2^63 - 2^10, 1/0, -1/0, 0/0,
}
local function row(v, op)
  local s = ""
  for _, w in ipairs(values) do
    local r
    if op == "<" then r = v < w elseif op == "<=" then r = v <= w else r = v == w end
    s = s .. (r and "1" or "0")
  end
  return s
end
for i, v in ipairs(values) do
  print(i, row(v, "<"), row(v, "<="), row(v, "=="))
end
