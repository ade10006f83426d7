-- Helper chunk for loadfile/dofile tests (not run on its own by the harness).
local args = {...}
helper_loaded = (helper_loaded or 0) + 1
return "helper result", select("#", ...), args[1]
