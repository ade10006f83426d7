-- A script that does not compile: nothing runs, the message names the line.
print("this line never runs")
local x = = 1
