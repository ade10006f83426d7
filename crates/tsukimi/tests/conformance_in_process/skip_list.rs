//! The binary harness's `SKIPPED_GROUPS`, read from its source so both harnesses always skip
//! the same groups.
//!
//! The constant lives in the crate root of `tsukimi-cli`'s conformance test, which cannot be
//! included here (it declares that test's modules and `#[test]`). Its text is embedded at
//! compile time (`include_str!`) and the quoted group names between `SKIPPED_GROUPS` and the
//! next `;` are taken. If the declaration cannot be found, [`skipped_groups`] fails, so a
//! rename shows up as a loud error instead of a silently different skip list.

/// The binary harness's source, as compiled into this test.
const BINARY_HARNESS_SOURCE: &str = include_str!("../../../tsukimi-cli/tests/conformance.rs");

/// The group names of `pub const SKIPPED_GROUPS: &[&str] = &[...];` in the binary harness.
pub fn skipped_groups() -> Result<Vec<String>, String> {
    parse_skipped_groups(BINARY_HARNESS_SOURCE)
}

fn parse_skipped_groups(source: &str) -> Result<Vec<String>, String> {
    const DECLARATION: &str = "pub const SKIPPED_GROUPS";
    let start = source.find(DECLARATION).ok_or_else(|| {
        format!("`{DECLARATION}` not found in crates/tsukimi-cli/tests/conformance.rs")
    })?;
    let declaration = &source[start..];
    let value = declaration
        .find('=')
        .and_then(|eq| {
            let after = &declaration[eq + 1..];
            after.find(';').map(|end| &after[..end])
        })
        .ok_or_else(|| format!("`{DECLARATION}` has no `= ...;` value"))?;
    // Between quotes: "a", "b" -> the odd pieces of a split on '"'.
    Ok(value
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect())
}
