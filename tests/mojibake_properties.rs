//! Properties of the repair on arbitrary strings: it never panics, it is
//! idempotent, and every reported repair points at its result.

use cistron::mojibake::{mangle, repair};
use proptest::prelude::*;

/// Strings drawn from the characters mojibake is made of, so that the
/// interesting paths are reached, mixed with arbitrary Unicode.
fn mojibake_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Ã", "Â", "â", "€", "™", "©", "¢", "œ", "Å", "Ä", "Ð", "Ñ", "×", "Î", "ï", "¿", "½", "Ø",
        "Ù", "โ", "╨", "┐", "√", "π", "Р", "С", "ґ", "\u{a0}", "\u{9d}", "\u{81}", "\u{fffd}", " ",
        "?", "a", "e", "s", ".", "\n", "é", "ü", "’", "“", "—", "я", "ก", "中", "😀",
    ]);
    prop::collection::vec(
        prop_oneof![
            pieces.prop_map(str::to_owned),
            any::<char>().prop_map(String::from)
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_fixes_point_into_the_output(text in mojibake_like()) {
        let r = repair(&text);
        for fix in &r.fixes {
            prop_assert!(r.text.get(fix.range.clone()).is_some(), "{:?} out of {:?}", fix, r.text);
            prop_assert!(!fix.encodings.is_empty());
            prop_assert!((0.0..=1.0).contains(&fix.confidence));
        }
    }

    #[test]
    fn repair_is_idempotent(text in mojibake_like()) {
        let once = repair(&text).text;
        let twice = repair(&once).text;
        prop_assert_eq!(&twice, &once, "input {:?}", text);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let _ = repair(&text);
    }

    #[test]
    fn mangled_ascii_words_come_back(word in "[a-z]{1,8}", accent in prop::sample::select(vec!['é', 'ü', 'ñ', 'ç', 'à', '’', '—'])) {
        let phrase = format!("the {word}{accent}{word} case");
        let broken = mangle(&phrase, "windows-1252").unwrap_or_default();
        prop_assert_eq!(repair(&broken).text, phrase);
    }
}
