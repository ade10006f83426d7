for k, v in pairs(nil) do end
