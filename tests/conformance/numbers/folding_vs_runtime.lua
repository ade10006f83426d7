-- Constant folding must give what the operation gives at run time: every arithmetic and
-- bitwise operator on literal operands (which the compiler folds where lua5.4 does) against
-- the same operator on the same values held in locals (never folded). Prints the folded row;
-- any disagreement with the run-time result is printed as a MISMATCH line.
local literals = {"0", "1", "-1", "3", "-7", "-2", "0.0", "1.5", "-5.3", "7.5", "64", "-64",
  "0x7fffffffffffffff", "-0x7fffffffffffffff", "9.2233720368547758e18", "1e308", "5e-324", "-3.0"}
local ops = {"+", "-", "*", "%", "^", "/", "//", "&", "|", "~", "<<", ">>"}

local function outcome(f)
  local ok, r = pcall(f)
  if ok then return tostring(r) end
  return "E"
end

for _, op in ipairs(ops) do
  for _, a in ipairs(literals) do
    local row = op .. " " .. a .. ":"
    for _, b in ipairs(literals) do
      local folded = outcome(load("return (" .. a .. ") " .. op .. " (" .. b .. ")"))
      local va, vb = load("return " .. a)(), load("return " .. b)()
      local operate = load("local a, b = ...; return a " .. op .. " b")
      local runtime = outcome(function() return operate(va, vb) end)
      row = row .. " " .. folded
      if folded ~= runtime then
        print("MISMATCH", a, op, b, folded, runtime)
      end
    end
    print(row)
  end
end
