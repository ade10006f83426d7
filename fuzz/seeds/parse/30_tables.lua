local t = { [1] = 1, x = 2, 3; 4, f = function(...) return ... end, }
return t