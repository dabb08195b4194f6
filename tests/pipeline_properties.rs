//! Properties of the whole pipeline on generated documents: it never
//! panics, every outcome is a line that validates (both validators) with
//! spans that slice to their surfaces, never a `panic` or
//! `schema_violation` record, and a batch gives the same bytes on one
//! thread and on three.

mod common;

use cistron::batch::Batch;
use cistron::pipeline::{Config, Document, Origin, Pipeline};
use cistron::record::ErrorCode;
use proptest::prelude::*;
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::new(Config::default()).expect("pipeline builds"));

/// Pieces that reach every stage: markup, table and list structure, names
/// from the knowledge tables, statuses, identifiers, references, mojibake,
/// entities, odd whitespace and scripts.
const PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<div class=\"nav menu\">",
    "</div>",
    "<h2>",
    "</h2>",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<ul><li>",
    "</li></ul>",
    "<a href=\"/x\">",
    "</a>",
    "<script>var a='<p>';</script>",
    "<meta charset=\"windows-1252\">",
    "Zolgensma (onasemnogene abeparvovec)",
    "an AAV9 vector",
    "AAV2/8",
    "lentiviral",
    "was approved by the FDA in 2019",
    "not approved",
    "phase 1/2 trial",
    "NCT01234567",
    "doi:10.1016/j.ymthe.2023.01.001",
    "PMID: 12345678",
    "References\n\n1. Smith J, Lee K. ",
    "Gene therapy. Mol Ther. 2020;28(3):100-110.",
    "Ã©tÃ©",
    "â€”",
    "&amp;eacute;",
    "&#x110000;",
    "\u{a0}",
    "\n",
    "\n\n",
    " ",
    ".",
    "—",
    "ProductTypeCancerStatus",
    "Imlygic",
    "CAR-T",
    "verified_user",
    "Share",
    "Last reviewed: April 16, 2026",
    "1️⃣",
    "中文",
    "Ελληνικά",
];

fn document() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
            .prop_map(|pieces| pieces.concat().into_bytes()),
        ".{0,300}".prop_map(String::into_bytes),
    ]
}

fn doc(bytes: Vec<u8>, html: bool) -> Document {
    Document {
        origin: Origin::from_path(if html { "p.html" } else { "p.txt" }),
        bytes,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_outcome_is_a_valid_line_and_never_a_bug(bytes in document(), html in any::<bool>()) {
        let outcome = PIPELINE.process(&doc(bytes, html));
        common::assert_valid_line(&outcome.line, "generated document");
        prop_assert!(
            !matches!(outcome.record.error_code(), Some(ErrorCode::Panic | ErrorCode::SchemaViolation)),
            "{}", outcome.line
        );
    }

    #[test]
    fn one_thread_and_three_give_the_same_bytes(
        docs in proptest::collection::vec((document(), any::<bool>()), 1..40)
    ) {
        let run = |jobs: usize| {
            let batch = Batch::new(&PIPELINE, jobs).expect("pool");
            let mut out = String::new();
            let input = docs.iter().cloned().map(|(b, h)| Ok(doc(b, h)));
            let (_, written) = batch.run(input, None, |o| {
                out.push_str(&o.line);
                out.push('\n');
                Ok::<(), ()>(())
            });
            prop_assert_eq!(written, Ok(()));
            Ok(out)
        };
        prop_assert_eq!(run(1)?, run(3)?);
    }
}
