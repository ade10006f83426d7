-- An uncaught error with a multi-line message: the first stderr line has the first line.
print("before")
error("first line of the message\nsecond line\nthird line")
