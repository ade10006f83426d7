-- luaL_loadfilex: a directory opens but cannot be read ("cannot read", not "cannot open").
print(loadfile("/"))
print(pcall(dofile, "/"))
print(loadfile("/nonexistent-dir/x.lua"))
