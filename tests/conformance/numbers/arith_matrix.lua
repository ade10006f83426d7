-- Every arithmetic operator over a grid of special integer and float operands.
local max, min = 0x7fffffffffffffff, -0x7fffffffffffffff - 1
local values = {0, 1, -1, 2, -3, max, min, 0.0, -0.0, 1.5, -2.5, 1e308, 1/0, -1/0, 2^53, 2^63}
local ops = {
  {"+", function(a, b) return a + b end},
  {"-", function(a, b) return a - b end},
  {"*", function(a, b) return a * b end},
  {"/", function(a, b) return a / b end},
  {"//", function(a, b) return a // b end},
  {"%", function(a, b) return a % b end},
  {"^", function(a, b) return a ^ b end},
}
for _, op in ipairs(ops) do
  for _, a in ipairs(values) do
    local line = op[1] .. " " .. tostring(a) .. ":"
    for _, b in ipairs(values) do
      local ok, r = pcall(op[2], a, b)
      line = line .. " " .. (ok and tostring(r) or "E")
    end
    print(line)
  end
end
for _, a in ipairs(values) do print("unary", a, -a) end
