-- An uncaught error whose value is a number (converted to a string for the message).
error(42.5)
