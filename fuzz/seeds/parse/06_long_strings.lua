local s = [[
first newline skipped]]
local t = [==[ contains ]] and ]=] ]==]
--[[ long
comment ]] --[==[ another ]==]
-- short comment
return s, t
