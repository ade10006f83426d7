-- Shared helpers of the test-data generators: run with lua5.4 from crates/tsukimi-text.
-- Every value is written in a byte-exact text form the Rust tests parse (tests/common/mod.rs):
-- bytes outside printable ASCII, and the separators '|', '\t' and '\\', become \xHH.
local M = {}

function M.enc(s)
  return (s:gsub(".", function(c)
    local b = c:byte()
    if b < 33 or b > 126 or c == "|" or c == "\\" then return string.format("\\x%02x", b) end
  end))
end

-- encodes one Lua value: s<string>, i<integer>, f<float as %a>, b<bool>, N for nil
function M.val(v)
  local t = type(v)
  if t == "string" then return "s" .. M.enc(v)
  elseif math.type(v) == "integer" then return "i" .. string.format("%d", v)
  elseif t == "number" then return "f" .. M.enc(string.format("%a", v))
  elseif t == "boolean" then return "b" .. tostring(v)
  elseif t == "nil" then return "N"
  else error("cannot encode " .. t) end
end

-- result of pcall(f, ...) as "ok|v1|v2..." or "err|message"
function M.result(ok, ...)
  if not ok then return "err|" .. M.enc(tostring((...))) end
  local parts = {"ok"}
  for i = 1, select("#", ...) do parts[#parts + 1] = M.val((select(i, ...))) end
  return table.concat(parts, "|")
end

function M.line(fields)
  local out = {}
  for i, f in ipairs(fields) do out[i] = f end
  io.write(table.concat(out, "\t"), "\n")
end

return M
