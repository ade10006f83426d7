-- An uncaught error object whose __tostring does not return a string.
print("raising")
error(setmetatable({}, {__tostring = function() return 42 end}))
