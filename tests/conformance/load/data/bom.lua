-- Helper that starts with a UTF-8 byte order mark (skipped by loadfile).
return "bom skipped"
