-- Short string literals and every escape sequence.
print("double", 'single', "it's", 'say "hi"', "", '')
print("a\tb", "c\\d", "e\"f", 'g\'h', "i\
j")
print(#"\a\b\f\n\r\t\v\\\"\'", "\a\b\f\v" == "\7\8\12\11", "\n" == "\10", "\r" == "\13")
print("\65\066\0670", "\x41\x42\x43", "\x7a\x7A", "\u{48}\u{49}", "\u{7A}")
print(#"\0", #"a\0b", "a\0b" == "a\0b", "a\0b" == "a\0c", #"\000\00\0")
print(#"\u{7F}", #"\u{80}", #"\u{7FF}", #"\u{800}", #"\u{FFFF}", #"\u{10000}",
      #"\u{10FFFF}", #"\u{1FFFFF}", #"\u{200000}", #"\u{3FFFFFF}", #"\u{4000000}",
      #"\u{7FFFFFFF}")
print("\u{E9}" == "\xC3\xA9", "\u{20AC}" == "\xE2\x82\xAC", "\u{0000041}")
print("a\z
       b", "c\z   d", "e\z

       f", #"\z  ")
print("\255" == "\xff", #"\255\254", "\1\2\3" < "\1\2\4", "\0" < "\1")
print('\x00' == "\0", "\9" == "\t", "\0009" == "\0" .. "9")
for _, src in ipairs({[["\q"]], [["\x4"]], [["\xg1"]], [["\256"]], [["\u{110000000}"]],
                      [["\u{}"]], [["\u41"]], [["\u{41"]], [["abc]], "'abc", "\"a\nb\"",
                      [["\999"]], [["\u{80000000}"]], [["\x"]], [["a\]]}) do
  local f, err = load("return " .. src, "=str")
  if f then print(#f(), "ok") else print(err) end
end
