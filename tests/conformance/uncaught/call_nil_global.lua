-- Calling an undefined global at top level.
print("calling")
undefined_function(1, 2)
