if x then

  f(
