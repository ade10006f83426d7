-- Helper that raises a runtime error on line 3.
local t = nil
return t.field
