//! `os.setlocale`: each Lua state has its own locale, named as the C library names it, so
//! the answers are lua5.4's: a locale's name, the composite `LC_CTYPE=…;LC_NUMERIC=…` string
//! when categories differ, nil for a locale the system does not have.
//!
//! **What a locale changes.** tsukimi's string and number functions always behave as in the
//! C locale: character classes and case for single bytes, `.` as the decimal point in
//! `tostring`, `tonumber` and `string.format`, C's day and month names in `os.date`, byte
//! order for `<` on strings. lua5.4 takes those from the locale instead. So a locale is
//! accepted only where it behaves the same, per category: a decimal point of `.` (numeric),
//! an ASCII or UTF-8 character set, whose single bytes above 127 have no class and no case
//! as in C (ctype), C's date and time words and formats (time), a C collation (`C`, `POSIX`,
//! `C.UTF-8`). `C`, `POSIX` and `C.UTF-8` always pass, and `""` passes when the environment
//! names such locales. A locale that does not pass is refused with nil, as a missing one is,
//! and nothing changes; lua5.4 would switch and then format, compare and name dates its way.
//!
//! **Why not the C library's `setlocale`.** It changes the whole process: two states in one
//! process (or the conformance tests, which run many) would see each other's locale, and
//! calling it while another thread formats is a data race. The checks use `newlocale` and
//! `nl_langinfo_l`, which leave the process locale alone; names are resolved as glibc
//! resolves them (`""` from `LC_ALL`, `LC_<CATEGORY>`, `LANG`; `POSIX` is `C`; a composite
//! name sets each category it lists).
//!
//! **Invariants.** Every recorded name is one `newlocale` accepted and that passed the
//! checks for its category. The only `unsafe` here are FFI calls on NUL-terminated strings
//! owned by the calling frame, and a `locale_t` freed before the function returns.

use std::ffi::{c_char, c_int, CStr, CString};

/// glibc's categories in its own order (the order of a composite name), with their names.
const ALL_CATEGORIES: [(c_int, &str); 12] = [
    (libc::LC_CTYPE, "LC_CTYPE"),
    (libc::LC_NUMERIC, "LC_NUMERIC"),
    (libc::LC_TIME, "LC_TIME"),
    (libc::LC_COLLATE, "LC_COLLATE"),
    (libc::LC_MONETARY, "LC_MONETARY"),
    (libc::LC_MESSAGES, "LC_MESSAGES"),
    (libc::LC_PAPER, "LC_PAPER"),
    (libc::LC_NAME, "LC_NAME"),
    (libc::LC_ADDRESS, "LC_ADDRESS"),
    (libc::LC_TELEPHONE, "LC_TELEPHONE"),
    (libc::LC_MEASUREMENT, "LC_MEASUREMENT"),
    (libc::LC_IDENTIFICATION, "LC_IDENTIFICATION"),
];

/// `os.setlocale`'s category names (`loslib.c`'s `catnames`) and the C library's constants.
const LUA_CATEGORIES: [(&[u8], c_int); 6] = [
    (b"all", libc::LC_ALL),
    (b"collate", libc::LC_COLLATE),
    (b"ctype", libc::LC_CTYPE),
    (b"monetary", libc::LC_MONETARY),
    (b"numeric", libc::LC_NUMERIC),
    (b"time", libc::LC_TIME),
];

/// The C library's constant for an `os.setlocale` category name (`None`: invalid option).
pub(super) fn category(name: &[u8]) -> Option<c_int> {
    LUA_CATEGORIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| c)
}

/// A state's locale: one name per category, in `ALL_CATEGORIES` order. A new state starts
/// in "C", as a C program does.
#[derive(Clone, Debug)]
pub(crate) struct LocaleNames {
    names: [Vec<u8>; 12],
}

impl Default for LocaleNames {
    fn default() -> LocaleNames {
        LocaleNames {
            names: std::array::from_fn(|_| b"C".to_vec()),
        }
    }
}

impl LocaleNames {
    /// `setlocale(category, NULL)`: a category's name; for `LC_ALL` the common name, or the
    /// composite one when the categories differ.
    pub(super) fn query(&self, category: c_int) -> Vec<u8> {
        if category != libc::LC_ALL {
            return self.names[index_of(category)].clone();
        }
        if self.names.iter().all(|n| *n == self.names[0]) {
            return self.names[0].clone();
        }
        let mut out = Vec::new();
        for (i, (_, label)) in ALL_CATEGORIES.iter().enumerate() {
            if i > 0 {
                out.push(b';');
            }
            out.extend_from_slice(label.as_bytes());
            out.push(b'=');
            out.extend_from_slice(&self.names[i]);
        }
        out
    }

    /// `setlocale(category, locale)`: the new name (as `query` gives it), or `None` when
    /// the locale is missing or does not behave like C, leaving every category as it was.
    pub(super) fn set(&mut self, category: c_int, locale: &[u8]) -> Option<Vec<u8>> {
        let mut next = self.names.clone();
        if category == libc::LC_ALL && locale.contains(&b'=') {
            set_composite(&mut next, locale)?;
        } else {
            for (i, &(cat, _)) in ALL_CATEGORIES.iter().enumerate() {
                if category == libc::LC_ALL || category == cat {
                    next[i] = resolve(cat, locale)?;
                }
            }
        }
        for (i, &(cat, _)) in ALL_CATEGORIES.iter().enumerate() {
            if next[i] != self.names[i] && !behaves_like_c(cat, &next[i]) {
                return None;
            }
        }
        self.names = next;
        Some(self.query(category))
    }
}

fn index_of(category: c_int) -> usize {
    ALL_CATEGORIES
        .iter()
        .position(|&(c, _)| c == category)
        .unwrap_or(0)
}

/// A composite name (`LC_CTYPE=a;LC_NUMERIC=b;…`, as `query` writes them) sets each
/// category; as in glibc it must name all twelve, and an unknown label or a missing locale
/// refuses the whole name.
fn set_composite(next: &mut [Vec<u8>; 12], locale: &[u8]) -> Option<()> {
    let mut named = [false; 12];
    for part in locale.split(|&b| b == b';') {
        let eq = part.iter().position(|&b| b == b'=')?;
        let (label, name) = (&part[..eq], &part[eq + 1..]);
        let i = ALL_CATEGORIES
            .iter()
            .position(|(_, l)| l.as_bytes() == label)?;
        next[i] = resolve(ALL_CATEGORIES[i].0, name)?;
        named[i] = true;
    }
    named.iter().all(|&n| n).then_some(())
}

/// The name glibc records for `locale` in `category`: `""` comes from the environment,
/// `POSIX` is `C`; `None` when the system has no such locale.
fn resolve(category: c_int, locale: &[u8]) -> Option<Vec<u8>> {
    let name = if locale.is_empty() {
        from_environment(category)
    } else {
        locale.to_vec()
    };
    if name == b"C" || name == b"POSIX" {
        return Some(b"C".to_vec());
    }
    exists(category, &name).then_some(name)
}

/// `""`'s name for a category: `LC_ALL`, else `LC_<CATEGORY>`, else `LANG`, else `C`
/// (empty variables count as unset).
fn from_environment(category: c_int) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let label = ALL_CATEGORIES[index_of(category)].1;
    ["LC_ALL", label, "LANG"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .map_or_else(|| b"C".to_vec(), |v| v.as_bytes().to_vec())
}

/// A locale object for `category` only, freed when dropped.
struct Locale(libc::locale_t);

impl Locale {
    fn new(category: c_int, name: &[u8]) -> Option<Locale> {
        let name = CString::new(name).ok()?;
        // SAFETY: `name` is NUL-terminated and outlives the call; a null base asks for a new
        // object, owned by the returned `Locale`.
        let loc = unsafe { libc::newlocale(1 << category, name.as_ptr(), std::ptr::null_mut()) };
        // Not `then_some`: it would build (and drop, freeing null) a `Locale` either way.
        if loc.is_null() {
            None
        } else {
            Some(Locale(loc))
        }
    }

    /// `nl_langinfo_l(item)`.
    fn info(&self, item: libc::nl_item) -> Vec<u8> {
        // SAFETY: `self.0` is a live locale object; the result is NUL-terminated storage of
        // that object (or null), copied before the object can be freed.
        let p: *const c_char = unsafe { libc::nl_langinfo_l(item, self.0) };
        if p.is_null() {
            return Vec::new();
        }
        // SAFETY: non-null and NUL-terminated (above).
        unsafe { CStr::from_ptr(p) }.to_bytes().to_vec()
    }
}

impl Drop for Locale {
    fn drop(&mut self) {
        // SAFETY: `self.0` came from `newlocale` and is freed once, here.
        unsafe { libc::freelocale(self.0) };
    }
}

fn exists(category: c_int, name: &[u8]) -> bool {
    Locale::new(category, name).is_some()
}

/// Whether `name` behaves as C in `category` for everything tsukimi formats, classifies,
/// compares or names (module essay). Categories Lua does not use always pass.
fn behaves_like_c(category: c_int, name: &[u8]) -> bool {
    if name == b"C" {
        return true;
    }
    let Some(loc) = Locale::new(category, name) else {
        return false;
    };
    match category {
        libc::LC_NUMERIC => loc.info(libc::RADIXCHAR) == b".",
        libc::LC_CTYPE => matches!(
            loc.info(libc::CODESET).as_slice(),
            b"UTF-8" | b"ANSI_X3.4-1968"
        ),
        libc::LC_TIME => C_TIME_WORDS
            .iter()
            .all(|&(item, word)| loc.info(item) == word.as_bytes()),
        libc::LC_COLLATE => matches!(
            name.to_ascii_lowercase().as_slice(),
            b"posix" | b"c.utf-8" | b"c.utf8"
        ),
        _ => true,
    }
}

/// The C locale's date and time words and formats, as `os.date` writes them.
const C_TIME_WORDS: [(libc::nl_item, &str); 44] = [
    (libc::D_T_FMT, "%a %b %e %H:%M:%S %Y"),
    (libc::D_FMT, "%m/%d/%y"),
    (libc::T_FMT, "%H:%M:%S"),
    (libc::T_FMT_AMPM, "%I:%M:%S %p"),
    (libc::AM_STR, "AM"),
    (libc::PM_STR, "PM"),
    (libc::DAY_1, "Sunday"),
    (libc::DAY_2, "Monday"),
    (libc::DAY_3, "Tuesday"),
    (libc::DAY_4, "Wednesday"),
    (libc::DAY_5, "Thursday"),
    (libc::DAY_6, "Friday"),
    (libc::DAY_7, "Saturday"),
    (libc::ABDAY_1, "Sun"),
    (libc::ABDAY_2, "Mon"),
    (libc::ABDAY_3, "Tue"),
    (libc::ABDAY_4, "Wed"),
    (libc::ABDAY_5, "Thu"),
    (libc::ABDAY_6, "Fri"),
    (libc::ABDAY_7, "Sat"),
    (libc::MON_1, "January"),
    (libc::MON_2, "February"),
    (libc::MON_3, "March"),
    (libc::MON_4, "April"),
    (libc::MON_5, "May"),
    (libc::MON_6, "June"),
    (libc::MON_7, "July"),
    (libc::MON_8, "August"),
    (libc::MON_9, "September"),
    (libc::MON_10, "October"),
    (libc::MON_11, "November"),
    (libc::MON_12, "December"),
    (libc::ABMON_1, "Jan"),
    (libc::ABMON_2, "Feb"),
    (libc::ABMON_3, "Mar"),
    (libc::ABMON_4, "Apr"),
    (libc::ABMON_5, "May"),
    (libc::ABMON_6, "Jun"),
    (libc::ABMON_7, "Jul"),
    (libc::ABMON_8, "Aug"),
    (libc::ABMON_9, "Sep"),
    (libc::ABMON_10, "Oct"),
    (libc::ABMON_11, "Nov"),
    (libc::ABMON_12, "Dec"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The word list is the C library's own for "C.UTF-8" (built into glibc since 2.35),
    /// and the other checks pass for it: a wrong word would refuse every such locale.
    #[test]
    fn c_utf8_behaves_like_c_in_every_category() {
        for &(cat, label) in &ALL_CATEGORIES {
            assert!(behaves_like_c(cat, b"C.UTF-8"), "{label}");
            assert!(behaves_like_c(cat, b"POSIX"), "{label}");
        }
    }

    #[test]
    fn names_compose_and_decompose_as_glibc_writes_them() {
        let mut locale = LocaleNames::default();
        assert_eq!(locale.query(libc::LC_ALL), b"C");
        assert_eq!(locale.set(libc::LC_ALL, b"C.UTF-8").unwrap(), b"C.UTF-8");
        assert_eq!(locale.set(libc::LC_TIME, b"POSIX").unwrap(), b"C");
        let composite = locale.query(libc::LC_ALL);
        assert!(composite.starts_with(b"LC_CTYPE=C.UTF-8;LC_NUMERIC=C.UTF-8;LC_TIME=C;"));
        let mut other = LocaleNames::default();
        assert_eq!(other.set(libc::LC_ALL, &composite).unwrap(), composite);
        assert_eq!(other.query(libc::LC_TIME), b"C");
        assert_eq!(other.set(libc::LC_ALL, b"LC_BOGUS=C"), None);
        assert_eq!(other.set(libc::LC_NUMERIC, b"no_SUCH.locale"), None);
        assert_eq!(
            other.query(libc::LC_ALL),
            composite,
            "a refusal changes nothing"
        );
    }

    #[test]
    fn categories_are_lua_names() {
        assert_eq!(category(b"numeric"), Some(libc::LC_NUMERIC));
        assert_eq!(category(b"all"), Some(libc::LC_ALL));
        assert_eq!(category(b"messages"), None);
    }
}
