return "child, loaded as " .. (...)
