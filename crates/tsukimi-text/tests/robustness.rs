//! No input may make the crate panic: random byte strings fed to every entry point.
//! (Behaviour is checked against lua5.4 by the other tests; this one only looks for panics,
//! hangs and out-of-bounds accesses on hostile inputs.)

use tsukimi_text::civil::{
    civil_from_days, days_from_civil, unix_from_utc, utc_from_unix, DateTime,
};
use tsukimi_text::format::{format, FormatArgs, Literal};
use tsukimi_text::pack::{pack, packsize, unpack, PackArgs};
use tsukimi_text::pattern::{self, GmatchState, TemplateReplacer};
use tsukimi_text::strftime::strftime;
use tsukimi_text::{utf8, TextError};

/// A small deterministic generator (xorshift64*), so failures are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes_from(&mut self, alphabet: &[u8], max_len: usize) -> Vec<u8> {
        let len = self.below(max_len + 1);
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
    fn int(&mut self) -> i64 {
        match self.below(4) {
            0 => self.next() as i64,
            1 => self.below(300) as i64 - 150,
            2 => [i64::MIN, i64::MAX, 0, -1][self.below(4)],
            _ => (self.next() >> self.below(64)) as i64,
        }
    }
}

const PATTERN_ALPHABET: &[u8] = b"a%b()[]^$*+-?.fd1290xAsS\0\xff";
const SUBJECT_ALPHABET: &[u8] = b"ab()[]x0 \0\xff";

#[test]
fn random_patterns_never_panic() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let never = &mut || false;
    for _ in 0..30_000 {
        let p = rng.bytes_from(PATTERN_ALPHABET, 12);
        let s = rng.bytes_from(SUBJECT_ALPHABET, 20);
        let init = rng.int();
        let _ = pattern::find(&s, &p, init, rng.below(2) == 0, never);
        if let Ok(Some(m)) = pattern::match_first(&s, &p, init, never) {
            let _ = m.values();
            let _ = m.explicit_captures();
            for i in 0..40 {
                let _ = m.capture(i);
            }
        }
        let mut state = GmatchState::new(s.len(), init);
        for _ in 0..50 {
            match state.next_match(&s, &p, never) {
                Ok(Some(_)) => {}
                _ => break,
            }
        }
        let template = rng.bytes_from(b"%0129ab", 6);
        let _ = pattern::gsub(
            &s,
            &p,
            Some(rng.int()),
            &mut TemplateReplacer(&template),
            never,
        );
    }
}

struct RandomArgs(Rng, Vec<u8>);
impl FormatArgs for RandomArgs {
    type Error = TextError;
    fn count(&self) -> usize {
        5
    }
    fn integer(&mut self, _: usize) -> Result<i64, TextError> {
        Ok(self.0.int())
    }
    fn number(&mut self, _: usize) -> Result<f64, TextError> {
        Ok(f64::from_bits(self.0.next()))
    }
    fn string(&mut self, _: usize) -> Result<&[u8], TextError> {
        self.1 = self.0.bytes_from(b"ab\0\xff%", 120);
        Ok(&self.1)
    }
    fn literal(&mut self, _: usize) -> Result<Literal<'_>, TextError> {
        Ok(match self.0.below(5) {
            0 => Literal::Float(f64::from_bits(self.0.next())),
            1 => Literal::Integer(self.0.int()),
            2 => Literal::Str(b"x\0\n\r\"1"),
            3 => Literal::Nil,
            _ => Literal::Other,
        })
    }
    fn pointer(&mut self, _: usize) -> Result<usize, TextError> {
        Ok(self.0.below(3) * 0x1000)
    }
}
impl PackArgs for RandomArgs {
    type Error = TextError;
    fn integer(&mut self, _: usize) -> Result<i64, TextError> {
        Ok(self.0.int())
    }
    fn number(&mut self, _: usize) -> Result<f64, TextError> {
        Ok(f64::from_bits(self.0.next()))
    }
    fn string(&mut self, _: usize) -> Result<&[u8], TextError> {
        self.1 = self.0.bytes_from(b"ab\0", 20);
        Ok(&self.1)
    }
}

#[test]
fn random_formats_never_panic() {
    let mut rng = Rng(0x0bad_cafe_dead_beef);
    for _ in 0..30_000 {
        let fmt = rng.bytes_from(b"%-+ #0123456789.diuoxXcaAeEfgGqsp%%zl\0", 10);
        let mut args = RandomArgs(Rng(rng.next() | 1), Vec::new());
        let _ = format(&fmt, &mut args);
    }
}

#[test]
fn random_pack_formats_never_panic() {
    let mut rng = Rng(0x5eed_5eed_5eed_5eed);
    for _ in 0..30_000 {
        let fmt = rng.bytes_from(b"<>=!bBhHlLjJTiIfdnszxXc0123456789 \0", 8);
        // Skip formats that ask for gigantic fixed strings (a legitimate multi-GB allocation).
        if fmt
            .windows(4)
            .any(|w| w[0] == b'c' && w[1..].iter().all(u8::is_ascii_digit))
        {
            continue;
        }
        let mut args = RandomArgs(Rng(rng.next() | 1), Vec::new());
        let _ = pack(&fmt, &mut args);
        let _ = packsize(&fmt);
        let data = rng.bytes_from(b"\0\x01\xff\x7fa", 40);
        let _ = unpack(&fmt, &data, rng.int());
    }
}

#[test]
fn random_utf8_and_dates_never_panic() {
    let mut rng = Rng(0xfeed_f00d_1234_4321);
    for _ in 0..30_000 {
        let s = rng.bytes_from(b"a\x80\xbf\xc2\xe0\xed\xf0\xf4\xfd\xfe\xff\0", 12);
        let (i, j) = (rng.int() % 20, rng.int() % 20);
        let _ = utf8::len(&s, Some(i), Some(j), rng.below(2) == 0);
        let _ = utf8::codepoint(&s, Some(i), Some(j), rng.below(2) == 0);
        let _ = utf8::offset(&s, rng.int(), Some(i));
        let _ = utf8::offset(&s, i, None);
        let _ = utf8::codes_next(&s, rng.int(), true);
        let _ = utf8::char(&[rng.int(), rng.int()]);
        let _ = utc_from_unix(rng.int());
        let _ = unix_from_utc(
            rng.int(),
            rng.int(),
            rng.int(),
            rng.int(),
            rng.int(),
            rng.int(),
        );
        let _ = days_from_civil(rng.int(), rng.int(), rng.int());
        let _ = civil_from_days(rng.int());
        let time = DateTime {
            year: rng.int(),
            month: rng.int(),
            day: rng.int(),
            hour: rng.int(),
            minute: rng.int(),
            second: rng.int(),
            weekday: rng.int(),
            yearday: rng.int(),
            is_dst: None,
            utc_offset: rng.int(),
            zone_name: b"UTC".to_vec(),
        };
        let fmt = rng.bytes_from(b"%aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZEO\0", 8);
        let _ = strftime(&fmt, &time);
    }
}
