return "sub init, loaded as " .. (...)
