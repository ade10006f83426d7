-- luaB_select only tests the first character of a string argument for '#'.
print(select("#", 1, 2, 3))
print(select("#abc", 1, 2))
print(select("#\0", nil))
print(pcall(select, "x#", 1))
print(select("2", "a", "b", "c"))
print(pcall(select, "", 1))
