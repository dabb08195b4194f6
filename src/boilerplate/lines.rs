//! Main content of flattened text, judged line by line.

use super::Verdict;
use crate::page::Page;

/// Judges each line of a flattened page.
pub(super) fn judge(page: &Page) -> Vec<Verdict> {
    vec![Verdict::Keep; page.blocks.len()]
}
