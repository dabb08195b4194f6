//! Template boilerplate found across a batch: a line that comes back on many
//! pages of the same site is the site's header, footer or sidebar, whatever
//! it looks like on one page.
//!
//! A first pass reads every document of the batch and counts, per site, on
//! how many pages each block's text occurs (once per page however often it
//! repeats there). A text is template when it occurs on at least
//! [`MIN_PAGES`] pages and on at least half of the site's pages. The site is
//! the URL's host when the document has one, else the folder it was read
//! from; pages of a crawl are usually stored one folder per site.
//!
//! The counts are order-independent, so the result is the same whatever the
//! number of threads or the order of the batch. Texts are kept as 64-bit
//! hashes (SipHash with fixed keys, stable across runs): a million pages of
//! a hundred lines cost under a gigabyte at worst and usually far less,
//! since templates repeat.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Pages a text must occur on before it can be template.
pub const MIN_PAGES: usize = 3;

/// The texts that are template, per site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    sites: HashMap<String, HashSet<u64>>,
}

/// Counts gathered by the first pass.
#[derive(Debug, Clone, Default)]
pub struct TemplateCounts {
    /// Per site: pages seen, and pages per text hash.
    sites: BTreeMap<String, (usize, HashMap<u64, usize>)>,
}

impl TemplateCounts {
    /// Counts one page of `site` with these block texts.
    pub fn add_page<'a>(&mut self, site: &str, texts: impl IntoIterator<Item = &'a str>) {
        let (pages, counts) = self.sites.entry(site.to_owned()).or_default();
        *pages += 1;
        let unique: HashSet<u64> = texts.into_iter().map(text_hash).collect();
        for hash in unique {
            *counts.entry(hash).or_default() += 1;
        }
    }

    /// Adds the counts of another pass (for parallel folding).
    pub fn merge(&mut self, other: TemplateCounts) {
        for (site, (pages, counts)) in other.sites {
            let (total, mine) = self.sites.entry(site).or_default();
            *total += pages;
            for (hash, n) in counts {
                *mine.entry(hash).or_default() += n;
            }
        }
    }

    /// The template texts these counts show.
    pub fn finish(self) -> Templates {
        let sites = self
            .sites
            .into_iter()
            .map(|(site, (pages, counts))| {
                let template = counts
                    .into_iter()
                    .filter(|&(_, n)| n >= MIN_PAGES && n * 2 >= pages)
                    .map(|(hash, _)| hash)
                    .collect();
                (site, template)
            })
            .collect();
        Templates { sites }
    }
}

impl Templates {
    /// Whether `text` is template on `site`.
    ///
    /// ```
    /// use cistron::boilerplate::template::TemplateCounts;
    /// let mut counts = TemplateCounts::default();
    /// for body in ["a", "b", "c"] {
    ///     counts.add_page("example.org", ["Home | News | About", body]);
    /// }
    /// let templates = counts.finish();
    /// assert!(templates.is_template("example.org", "Home | News | About"));
    /// assert!(!templates.is_template("example.org", "a"));
    /// ```
    pub fn is_template(&self, site: &str, text: &str) -> bool {
        self.sites
            .get(site)
            .is_some_and(|set| set.contains(&text_hash(text)))
    }

    /// Number of template texts over all sites.
    pub fn len(&self) -> usize {
        self.sites.values().map(HashSet::len).sum()
    }

    /// Whether no template text was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The site a document belongs to: the URL's host, else its folder.
///
/// ```
/// use cistron::boilerplate::template::site_of;
/// assert_eq!(site_of(Some("https://www.example.org/a/b"), "x.html"), "www.example.org");
/// assert_eq!(site_of(None, "crawl/example.org/page1.html"), "crawl/example.org");
/// ```
pub fn site_of(url: Option<&str>, path: &str) -> String {
    if let Some(host) = url.and_then(host_of) {
        return host.to_ascii_lowercase();
    }
    match path.rfind(['/', '\\']) {
        Some(cut) => path[..cut].to_owned(),
        None => String::new(),
    }
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

fn text_hash(text: &str) -> u64 {
    // `DefaultHasher::new()` uses fixed keys: the same hash in every run.
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_on_half_the_pages_of_a_site_is_template() {
        let mut counts = TemplateCounts::default();
        for i in 0..6 {
            let body = format!("article {i}");
            let mut lines = vec!["Menu", body.as_str()];
            if i < 3 {
                lines.push("Sidebar");
            }
            if i == 0 {
                lines.push("Rare");
            }
            counts.add_page("s", lines);
        }
        counts.add_page("other", ["Menu"]);
        let t = counts.finish();
        assert!(t.is_template("s", "Menu"));
        assert!(t.is_template("s", "Sidebar"));
        assert!(!t.is_template("s", "Rare"));
        assert!(!t.is_template("s", "article 1"));
        assert!(!t.is_template("other", "Menu"));
    }

    #[test]
    fn merging_is_the_same_as_counting_together() {
        let mut a = TemplateCounts::default();
        let mut b = TemplateCounts::default();
        let mut both = TemplateCounts::default();
        for i in 0..4 {
            let page = ["Footer", if i % 2 == 0 { "x" } else { "y" }];
            if i < 2 {
                a.add_page("s", page)
            } else {
                b.add_page("s", page)
            }
            both.add_page("s", page);
        }
        a.merge(b);
        assert_eq!(a.finish(), both.finish());
    }
}
