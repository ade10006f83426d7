local up = function() error({}) end
local function g() up() end
g()
