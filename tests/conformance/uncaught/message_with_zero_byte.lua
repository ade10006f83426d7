-- lua.c prints the message with "%s" after luaL_traceback added it as a C string: it ends
-- at its first zero byte.
print("running")
error("before\0after")
