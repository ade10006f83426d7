-- An uncaught error without position information, raised from a nested function.
local function fail() error("no position here", 0) end
local function middle() fail() end
middle()
