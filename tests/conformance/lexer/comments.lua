-- Comments: line, long of any level, unusual forms.
print(1) -- trailing comment
--[[ long
comment ]] print(2)
--[==[ level two ]] still comment ]==] print(3)
--[ not a long comment, whole line ignored print("no")
print(4) --[[ inline ]] print(5)
---[[ this trick keeps the next line active
print(6)
--]]
--[=[
print("never")
]=]
print(7 --[[ inside an expression ]] + 1)
print(load("return 1 -- comment at end without newline")())
print(load("return 2 --[[ unterminated long comment")) 
print(load("return 3 --[[ closed ]]")())
print(load("--\nreturn 4")(), load("--[==[\n]==]return 5")())
print(load("#!shebang\nreturn 6"))
print(load("return 7 --[==[ ]] ]=] ]==]")())
