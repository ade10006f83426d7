-- Lines of runtime errors in index chains, calls and method calls spread over lines.
-- lua5.4 emits each instruction at the line of the last token read when it is emitted:
-- an index is performed when the next suffix starts (so at the line of the previous
-- suffix's last token), a call at the line where the call expression starts, SELF after
-- the method name, a block's closing code at its last token.
local function run(src)
  local f, err = load(src, "=chunk")
  if not f then print("compile:", err) return end
  print(select(2, pcall(f)))
end
-- index chains
run("local t = {}\nlocal x = t\n  .a\n  .b\n  .c")
run("local t = {a = {}}\nlocal x = t\n  .a\n  .b\n  .c")
run("local t = {}\nlocal x = t\n  [\n  'a'\n  ]\n  .b")
run("local t = {}\nlocal x = t['a'\n]\n.b")
run("local t = {}\nlocal x = (t\n.a\n)\n.b")
run("local t = {}\nlocal x = t.a\n.b\n.c")
run("local t = {}\nx = t\n.a.b\n.c.d")
run("local t = {}\nlocal k\nlocal x = t\n[k]\n[k]")
run("local t = {}\nlocal x = t\n.a\n[1]")
run("t = nil\nlocal x = t\n.a")
run("local t = {}\nt\n.a\n.b\n= 1")
run("local t = {}\nt.a\n.b\n.c\n= 1")
-- calls
run("local f\nlocal x = f\n(\n1\n)")
run("local t = {}\nlocal x = t\n.f\n(1,\n2)")
run("local function id(...) return ... end\nlocal x = id\n(nil)\n.field")
run("local function id(...) return ... end\nlocal x = id(\n)\n(1)")
run("local t = {f = function() end}\nt\n.f\n(\n)\n.g()")
run("local t = {}\nlocal x = t\n.a\n{ 1 }")
run("local t = {}\nlocal x = t\n.a\n'str'")
run("local f\nf(1,\n  2,\n  3)")
run("local t = {}\nlocal x = t\n  .a(\n  t.b\n  .c\n  )")
-- method calls
run("local t = {}\nlocal x = t\n:m()")
run("local t = {}\nlocal x = t:\nm\n(1)")
run("local t\nlocal x = t\n:m()")
run("local t = {}\nlocal x = t\n.a\n:m()")
run("local t = setmetatable({}, {__index = {m = function() return {} end}})\nlocal x = t\n:m()\n:nope()")
run("local t = {m = function() end}\nlocal x = t\n:m()\n:n()")
run("local t = {}\nlocal x = t\n:m\n{ 1 }")
-- operands spread over lines
run("local t = {}\nlocal x = t\n.a\n+ 1")
run("local t = {}\nlocal x = 1 +\nt\n.a\n.b")
run("local t = {}\nlocal x = -t\n.a")
run("local t = {}\nlocal x = #t\n.a\n.b")
run("local t = {}\nlocal x = t\n.a ..\n'x'")
-- inside blocks and loops
run("local t = {}\nwhile t\n.a\n.b do end")
run("local t = {}\nif t\n.a\n.b then end")
run("local t = {}\nrepeat local u = t until u\n.a\n.b")
run("local t = {}\nfor i = 1, 2 do\n  local x = t\n  .a\n  .b\nend")
run("local t = {}\nfor k, v in t\n.a do end")
run("local t = {}\nreturn t\n.a\n.b")
run("local t = {}\nreturn t\n:m(\n)")
run("local t = {}\nreturn {\nt\n.a\n.b\n}")
run("local t = {}\nreturn f(\nt\n.a\n.b)")
