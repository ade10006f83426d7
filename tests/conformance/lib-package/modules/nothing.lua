nothing_loaded = true
