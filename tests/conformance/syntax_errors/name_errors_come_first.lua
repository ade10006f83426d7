-- lua5.4 finds errors about names (gotos, labels, break, read-only variables) while it
-- parses, so such an error is reported even when a syntax error follows it, and at the
-- token where the parser stands when it finds it.
local function check(src)
  local f, err = load(src, "=src")
  print(f and "compiled" or err)
end
-- A name error, then a syntax error: the name error wins.
check("local x <const> = 1; x = 2; y = = 3")
check("local x <close> = nil; x = 1; y = = 3")
check("do goto l; local a; ::l:: print(1) end y = = 3")
check("local function f() break end y = = 3")
check("local function f() return function() goto nowhere end end y = = 1")
check("::a:: ::a:: y = = 1")
check("local x <const> = 1; function x() end y = = 1")
-- Errors that end the main chunk come only at its end, after the syntax error.
check("break; y = = 3")
check("goto nowhere; y = = 3")
-- The line of a read-only assignment is the line of the '=' or ',' after the target.
check("local x <const> = 1\nx\n= 2")
check("local x <const> = 1\nlocal y\ny,\nx\n,\ny = 2")
-- A goto's line is the line of its label's name.
check("goto\nfoo")
-- Which variable is read-only is decided by scope, across functions.
check("local x <const> = 1; local function g() x = 2 end")
check("local x <const> = 1; local function g() local x = 3; x = 2 end")
check("local x <const> = 1; do local x = 5 end x = 3")
check("local x <const> = 1; local x = 2; x = 3")
check("local x <const> = 1; for x = 1, 2 do x = 5 end")
check("local x <const> = 1; for k, x in pairs({}) do x = 5 end")
check("local x <const> = (function() x = 1 return 2 end)()")
check("local a <const> = 1; a, b = 1, 2")
check("local a <const> = {}; b, a.c = 1, 2")
check("local _ENV <const> = {}; x = 1")
-- Gotos and the scope of locals.
check("for i = 1, 2 do goto l; local x; ::l:: end")
check("for i = 1, 2 do goto l; local x; ::l:: print(x) end")
check("function f(a) goto l; local b; ::l:: end")
check("function f(a) goto l; local b; ::l:: ; x() end")
check("local a; goto l; local b ::l:: print(1)")
check("do goto l; local a end ::l:: print(1)")
check("goto l; do ::l:: end")
check("while true do break; local a end")
check("if x then break; x = = 1 end")
