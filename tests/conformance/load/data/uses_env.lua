-- Helper: reads and writes globals, to observe the environment it was loaded with.
written_by_helper = "written"
return greeting, type(print)
