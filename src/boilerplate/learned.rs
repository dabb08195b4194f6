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

/// The most blocks a head spans, title included: a title line further up
/// is the site's or a menu's, and what lies between is not the article's.
const HEAD_BLOCKS: usize = 8;

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
///
/// From the page's title line to the first block the model keeps, the
/// rules have the last word: that is the article's head (byline, dates,
/// affiliations), which Cistron's records keep and WCXB's references, the
/// model's labels, leave out (only 40 of its 793 articles include even
/// their title). On flattened text, some removals of the line judge are
/// final ([`is_final`]).
pub(crate) fn judge(page: &Page, rules: &[Verdict], chrome: &[Option<&str>]) -> Vec<Judgement> {
    let model = model_for(page);
    let mut scores = Vec::with_capacity(page.blocks.len());
    features::each_row(page, rules, chrome, |row| {
        scores.push(model.probability(row))
    });
    let head = head(page, &scores, model.threshold);
    let text_only = page.dom.is_empty();
    scores
        .into_iter()
        .zip(rules)
        .enumerate()
        .map(|(i, (score, rule))| {
            let verdict = if head.contains(&i) || (text_only && is_final(*rule)) {
                *rule
            } else if score >= model.threshold {
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

/// Whether the line judge's removal of a line of flattened text stands
/// whatever the model says: for the reasons whose lines, where the model
/// would keep them, are mostly not main content all the same. Measured on
/// the train split's pages flattened by html_text and inscriptis, in words
/// of main content to words of chrome among those lines: credits 170 to
/// 656, share links 67 to 184; the model is right to overrule the others
/// (calls to action 80,330 to 11,208, article ends 27,107 to 8,245, site
/// chrome 1,463 to 756, icon words 26 to 12).
fn is_final(rule: Verdict) -> bool {
    matches!(rule, Verdict::Remove(Reason::Credit | Reason::ShareLink, _))
}

/// The blocks from the one that prints the page's title to the first one
/// the model keeps; empty when none of the [`HEAD_BLOCKS`] blocks before
/// the body is the title.
fn head(page: &Page, scores: &[f64], threshold: f64) -> std::ops::Range<usize> {
    let Some(title) = page.title.as_deref().map(folded) else {
        return 0..0;
    };
    let is_title = |i: usize| folded(&page.blocks[i].text) == title;
    // The title printed twice is still the head, not the body.
    let body = (0..scores.len())
        .find(|&i| scores[i] >= threshold && !is_title(i))
        .unwrap_or(scores.len());
    let from = body.saturating_sub(HEAD_BLOCKS);
    (from..body)
        .find(|&i| is_title(i))
        .map_or(0..0, |start| start..body)
}

/// Text compared case- and spacing-blind.
fn folded(text: &str) -> String {
    crate::page::normalize_space(text).to_lowercase()
}

/// For every block, the features that weighed most in its score, with
/// their credit (positive: towards keeping).
pub(crate) fn explain(
    page: &Page,
    rules: &[Verdict],
    chrome: &[Option<&str>],
) -> Vec<Vec<(&'static str, f64)>> {
    let model = model_for(page);
    let mut explained = Vec::with_capacity(page.blocks.len());
    features::each_row(page, rules, chrome, |row| {
        explained.push(
            model
                .strongest(row, EXPLAINED_FEATURES)
                .into_iter()
                .map(|(f, credit)| (features::NAMES[f].as_str(), credit))
                .collect(),
        );
    });
    explained
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
    fn the_head_runs_from_the_title_line_to_the_body() {
        let lines = [
            "Home",
            "Gene Therapy for Haemophilia",
            "By A. Writer",
            "Updated 3 March 2024",
        ];
        let body_line = "The body starts here and runs on for a while, as bodies do.";
        let page_with = |filler: usize| {
            let mut text: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            text.extend((0..filler).map(|i| format!("Filler line {i}")));
            text.push(body_line.to_owned());
            let mut page = crate::flat::parse(&(text.join("\n\n") + "\n"));
            page.title = Some("gene therapy  for haemophilia".to_owned());
            page
        };
        let scores_for = |page: &Page| {
            page.blocks
                .iter()
                .map(|b| if b.text == body_line { 0.9 } else { 0.1 })
                .collect::<Vec<f64>>()
        };
        let page = page_with(0);
        let at = |p: &Page, t: &str| p.blocks.iter().position(|b| b.text == t);
        let (Some(start), Some(body)) = (at(&page, lines[1]), at(&page, body_line)) else {
            panic!("blocks: {:?}", page.blocks);
        };
        assert_eq!(head(&page, &scores_for(&page), 0.5), start..body);
        // No block before the body prints the title: no head.
        let mut untitled = page.clone();
        untitled.title = Some("Another title".into());
        assert_eq!(head(&untitled, &scores_for(&untitled), 0.5), 0..0);
        // A title line further up than HEAD_BLOCKS is not the article's.
        let far = page_with(HEAD_BLOCKS);
        assert_eq!(head(&far, &scores_for(&far), 0.5), 0..0);
    }

    #[test]
    fn only_credits_and_share_links_are_final() {
        assert!(is_final(Verdict::Remove(Reason::Credit, None)));
        assert!(is_final(Verdict::Remove(Reason::ShareLink, None)));
        assert!(!is_final(Verdict::Remove(Reason::IconLigature, None)));
        assert!(!is_final(Verdict::Remove(Reason::CallToAction, None)));
        assert!(!is_final(Verdict::Keep));
    }

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
        let rules = super::super::rules(&page);
        let verdicts: Vec<Verdict> = judge(&page, &rules.verdicts, &rules.chrome)
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
