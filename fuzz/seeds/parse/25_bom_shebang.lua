#!shebang after bom
return 1