#!/usr/bin/env lua5.4
return "bom and shebang skipped", select(2, pcall(function() error("on line 2") end))
