local t = {}
function t.method(self) local x = nil; return x.field end
function globalf(o) return o:method() end
local function loc() local r = globalf(t); return r end
local co = function() loc() end
co()
