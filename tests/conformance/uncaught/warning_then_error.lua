-- Warnings go to stderr; once turned on, the first stderr line is the warning.
warn("@on")
warn("first ", "warning")
print("stdout is separate")
error("after the warning")
