//! The learned judge: the last word on every block.
//!
//! The rule judges ([`super::dom`], [`super::lines`]) know templates: chrome
//! names, link lists, widget lines. What they cannot weigh is everything at
//! once (a forum post is short, link-heavy and sits in a `comment` element,
//! and is still the page's content), and weights tuned by hand on a few
//! hundred pages do not travel. So their verdicts become features, beside
//! the block's own numbers, its containers' and its neighbours' (see
//! [`super::features`]), and a gradient-boosted tree model trained on
//! WCXB's train split (`train/boilerplate.py`, model card in
//! `src/boilerplate/model/README.md`) decides. One model reads DOM blocks,
//! one reads lines of flattened text.

use super::features;
use super::model::Model;
use super::{Reason, Verdict};
use crate::page::Page;
use std::sync::LazyLock;

/// The judge of HTML blocks, trained on pages parsed from their markup.
static HTML: LazyLock<Model> = LazyLock::new(|| load(include_str!("model/html.json")));
/// The judge of flattened lines, trained on pages flattened four ways.
static TEXT: LazyLock<Model> = LazyLock::new(|| load(include_str!("model/text.json")));

fn load(json: &str) -> Model {
    // Embedded and tested (`both_models_load`): a failure is a bad build.
    Model::parse(json, &features::NAMES).expect("the embedded boilerplate model loads")
}

/// How many features `--explain` names for a removal.
const EXPLAINED_FEATURES: usize = 3;

/// The model's judgement of one block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Judgement {
    pub(crate) verdict: Verdict,
    /// Probability of main content.
    pub(crate) score: f64,
}

/// Judges every block of `page`, given the rule judges' verdicts. A block
/// the model removes keeps the rules' reason when they removed it too.
pub(crate) fn judge(page: &Page, rules: &[Verdict]) -> Vec<Judgement> {
    let model = model_for(page);
    features::rows(page, rules)
        .iter()
        .zip(rules)
        .map(|(row, rule)| {
            let score = model.probability(row);
            let verdict = if score >= model.threshold {
                Verdict::Keep
            } else if *rule == Verdict::Keep {
                Verdict::Remove(Reason::Classifier, None)
            } else {
                *rule
            };
            Judgement { verdict, score }
        })
        .collect()
}

/// For every block, the features that weighed most in its score, with
/// their credit (positive: towards keeping).
pub(crate) fn explain(page: &Page, rules: &[Verdict]) -> Vec<Vec<(&'static str, f64)>> {
    let model = model_for(page);
    features::rows(page, rules)
        .iter()
        .map(|row| {
            model
                .strongest(row, EXPLAINED_FEATURES)
                .into_iter()
                .map(|(f, credit)| (features::NAMES[f].as_str(), credit))
                .collect()
        })
        .collect()
}

fn model_for(page: &Page) -> &'static Model {
    if page.dom.is_empty() {
        &TEXT
    } else {
        &HTML
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_models_load() {
        assert!(HTML.threshold > 0.0 && HTML.threshold < 1.0);
        assert!(TEXT.threshold > 0.0 && TEXT.threshold < 1.0);
    }

    #[test]
    fn navigation_goes_and_prose_stays() {
        let page = crate::html::parse(
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/a'>About us</a></li>\
             <li><a href='/c'>Contact</a></li></ul></nav><article><h1>Gene therapy for \
             haemophilia</h1><p>Gene therapy delivers a working copy of the clotting-factor \
             gene to liver cells, usually inside an adeno-associated virus, so that the body \
             makes the missing protein on its own.</p><p>Patients in the trials needed far \
             fewer infusions in the year after treatment, and most needed none at all.</p>\
             </article><footer><a href='/p'>Privacy policy</a></footer>",
        );
        let rules = super::super::rule_verdicts(&page);
        let verdicts: Vec<Verdict> = judge(&page, &rules)
            .into_iter()
            .map(|j| j.verdict)
            .collect();
        let kept: Vec<&str> = page
            .blocks
            .iter()
            .zip(&verdicts)
            .filter(|(_, v)| **v == Verdict::Keep)
            .map(|(b, _)| b.text.as_str())
            .collect();
        assert!(kept.iter().any(|t| t.starts_with("Gene therapy delivers")));
        assert!(!kept.iter().any(|t| t.contains("Privacy")));
    }
}
