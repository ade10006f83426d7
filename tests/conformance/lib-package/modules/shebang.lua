#!/usr/bin/env lua5.4
return "after the shebang line " .. debug_line()
