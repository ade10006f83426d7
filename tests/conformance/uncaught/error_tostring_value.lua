-- An uncaught error whose value has __tostring: the interpreter prints that string.
print("raising an object with __tostring")
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
