return "\a\b\f\n\r\t\v\\\"\'", '\x41\x42', "\65\066\0067", "\u{48}\u{7FF}\u{10FFFF}\u{7FFFFFFF}",
  "line\
break", "zap \z
      spaces"
