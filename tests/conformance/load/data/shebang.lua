#!/usr/bin/env lua5.4
return "shebang line skipped"
