-- An uncaught assertion failure with and without a message.
print(assert(1 == 1, "fine"))
assert(1 == 2, "one is not two")
