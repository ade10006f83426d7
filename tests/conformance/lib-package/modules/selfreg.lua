package.loaded[...] = "registered by the module"
