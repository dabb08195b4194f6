//! The knowledge a pipeline reads text with, as one value: the embedded
//! tables, merged with a curator's own, built once and shared by `&`.
//!
//! A curator extends Cistron without recompiling: a directory holding files
//! named as the embedded tables (`products.tsv`, `vectors.tsv`,
//! `agencies.tsv`, `regions.tsv`, `statuses.tsv`, `cues.tsv`), in the same
//! format, is read after the embedded ones (`cistron run --knowledge DIR`).
//! A row whose key (a product's or vector's name, an agency's name, a
//! region's code) is already known replaces the embedded row; any other row
//! is added; cue words are added to their kind. A line that does not parse
//! is an error naming the file and the line, never a silent gap, and so is
//! a `.tsv` file whose name is no table (a typo would otherwise be ignored).

use super::cues::{parse_cues, CUES_TSV};
use super::lexicon::Lexicon;
use super::regulatory::{
    parse_agencies, parse_regions, parse_triggers, AGENCIES_TSV, REGIONS_TSV, STATUSES_TSV,
};
use super::{
    parse_products, parse_vectors, Agency, CueKind, Product, Region, TableError, Trigger, Vector,
    PRODUCTS_TSV, VECTORS_TSV,
};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The table files a curator's directory may hold.
pub const TABLE_FILES: [&str; 6] = [
    "agencies.tsv",
    "cues.tsv",
    "products.tsv",
    "regions.tsv",
    "statuses.tsv",
    "vectors.tsv",
];

/// Why a curator's knowledge could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KnowledgeError {
    /// A line of a table does not parse (its message names the file and
    /// the line).
    #[error(transparent)]
    Table(#[from] TableError),
    /// The directory or a file in it cannot be read.
    #[error("knowledge: cannot read {}", path.display())]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
    /// The tables are too large to compile into automata.
    #[error("knowledge: the tables are too large to compile")]
    Automaton,
    /// A `.tsv` file whose name is none of the tables.
    #[error("knowledge: {} is no table Cistron reads (expected one of: {})", path.display(), TABLE_FILES.join(", "))]
    UnknownTable {
        /// The file.
        path: PathBuf,
    },
}

/// The curated tables, embedded and a curator's, with the automata
/// compiled from them: built once per pipeline, shared by `&`.
///
/// ```
/// let k = cistron::knowledge::Knowledge::embedded();
/// assert!(k.products().iter().any(|p| p.name == "Imlygic"));
/// ```
#[derive(Debug, Clone)]
pub struct Knowledge {
    tables: Tables,
    lexicon: Lexicon,
    seams: AhoCorasick,
}

/// The tables as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tables {
    pub(crate) products: Vec<Product>,
    pub(crate) vectors: Vec<Vector>,
    pub(crate) agencies: Vec<Agency>,
    pub(crate) regions: Vec<Region>,
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) cues: BTreeMap<CueKind, Vec<String>>,
}

impl Tables {
    pub(crate) fn cues(&self, kind: CueKind) -> &[String] {
        self.cues.get(&kind).map(Vec::as_slice).unwrap_or_default()
    }
}

impl Knowledge {
    /// The embedded tables alone. They are tested to parse and compile
    /// (the `knowledge` unit tests), so a failure here is a build defect.
    pub fn embedded() -> Knowledge {
        Knowledge::compile(Tables::embedded()).expect("the embedded tables compile (tested)")
    }

    /// The automata of `tables`.
    fn compile(tables: Tables) -> Result<Knowledge, KnowledgeError> {
        let lexicon = Lexicon::build(&tables).ok_or(KnowledgeError::Automaton)?;
        let seams = seam_names(&tables).ok_or(KnowledgeError::Automaton)?;
        Ok(Knowledge {
            tables,
            lexicon,
            seams,
        })
    }
}

impl Tables {
    fn embedded() -> Tables {
        Tables {
            products: parse_products(PRODUCTS_TSV, "products.tsv")
                .expect("the embedded products.tsv parses (tested)"),
            vectors: parse_vectors(VECTORS_TSV, "vectors.tsv")
                .expect("the embedded vectors.tsv parses (tested)"),
            agencies: parse_agencies(AGENCIES_TSV, "agencies.tsv")
                .expect("the embedded agencies.tsv parses (tested)"),
            regions: parse_regions(REGIONS_TSV, "regions.tsv")
                .expect("the embedded regions.tsv parses (tested)"),
            triggers: parse_triggers(STATUSES_TSV, "statuses.tsv")
                .expect("the embedded statuses.tsv parses (tested)"),
            cues: parse_cues(CUES_TSV, "cues.tsv").expect("the embedded cues.tsv parses (tested)"),
        }
    }
}

impl Knowledge {
    /// The embedded tables merged with the curator's directory `dir`, if
    /// any (see the module docs for the rules).
    pub fn load(dir: Option<&Path>) -> Result<Knowledge, KnowledgeError> {
        let Some(dir) = dir else {
            return Ok(Knowledge::embedded());
        };
        let mut tables = Tables::embedded();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| KnowledgeError::Io { path, source }
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io(dir))?
            .map(|e| e.map(|e| e.path()).map_err(io(dir)))
            .collect::<Result<_, _>>()?;
        files.sort();
        for path in files {
            if path.extension().is_none_or(|e| e != "tsv") {
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            if !TABLE_FILES.contains(&name.as_str()) {
                return Err(KnowledgeError::UnknownTable { path });
            }
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            let table = path.display().to_string();
            tables.merge(&name, &text, &table)?;
        }
        Knowledge::compile(tables)
    }
}

impl Tables {
    /// Merges one curator file, `name` being which table it is.
    fn merge(&mut self, name: &str, text: &str, table: &str) -> Result<(), TableError> {
        match name {
            "products.tsv" => merge_by(&mut self.products, parse_products(text, table)?, |p| {
                p.name.to_lowercase()
            }),
            "vectors.tsv" => merge_by(&mut self.vectors, parse_vectors(text, table)?, |v| {
                v.name.to_lowercase()
            }),
            "agencies.tsv" => merge_by(&mut self.agencies, parse_agencies(text, table)?, |a| {
                a.name.clone()
            }),
            "regions.tsv" => merge_by(&mut self.regions, parse_regions(text, table)?, |r| {
                r.code.clone()
            }),
            "statuses.tsv" => self.triggers.extend(parse_triggers(text, table)?),
            _ => {
                for (kind, words) in parse_cues(text, table)? {
                    let known = self.cues.entry(kind).or_default();
                    for word in words {
                        if !known.contains(&word) {
                            known.push(word);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Product and vector names of four or more characters, for the glued-
/// table stage: a seam is never cut inside one ("T-VEC (Imlygic)").
fn seam_names(tables: &Tables) -> Option<AhoCorasick> {
    let mut names: Vec<&str> = tables
        .products
        .iter()
        .flat_map(Product::surfaces)
        .chain(
            tables
                .vectors
                .iter()
                .flat_map(|v| v.variants.iter().map(String::as_str)),
        )
        .filter(|s| s.chars().count() >= 4)
        .collect();
    names.sort_unstable();
    names.dedup();
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(names)
        .ok()
}

impl Knowledge {
    /// The products, embedded ones first (sorted by name), then a
    /// curator's additions in file order.
    pub fn products(&self) -> &[Product] {
        &self.tables.products
    }

    /// The vectors.
    pub fn vectors(&self) -> &[Vector] {
        &self.tables.vectors
    }

    /// The medicines regulators.
    pub fn agencies(&self) -> &[Agency] {
        &self.tables.agencies
    }

    /// The regions a decision applies to.
    pub fn regions(&self) -> &[Region] {
        &self.tables.regions
    }

    /// The status triggers.
    pub fn triggers(&self) -> &[Trigger] {
        &self.tables.triggers
    }

    /// The cue words of one kind, lower-case; a word with a space is a
    /// phrase.
    ///
    /// ```
    /// use cistron::knowledge::{CueKind, Knowledge};
    /// let k = Knowledge::embedded();
    /// assert!(k.cues(CueKind::Negation).iter().any(|w| w == "not"));
    /// ```
    pub fn cues(&self, kind: CueKind) -> &[String] {
        self.tables.cues(kind)
    }

    /// The tables compiled for one pass over a text.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The names the glued-table stage never cuts inside.
    pub fn seam_names(&self) -> &AhoCorasick {
        &self.seams
    }
}

/// Replaces the rows of `table` whose key a new row has, in place, and
/// appends the others.
fn merge_by<T>(table: &mut Vec<T>, rows: Vec<T>, key: impl Fn(&T) -> String) {
    for row in rows {
        let k = key(&row);
        match table.iter().position(|t| key(t) == k) {
            Some(i) => table[i] = row,
            None => table.push(row),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        dir
    }

    const PRODUCT_HEADER: &str =
        "name\tinn\tcodes\taliases\tdeveloper\tmodality\tvector\tindication\tevents\tsource\n";

    #[test]
    fn a_curator_adds_and_replaces_rows() {
        let added = format!(
            "{PRODUCT_HEADER}Zyntavec\tzyntagene abeparvovec\tZYN-101\t\tA curator's example company\tgene therapy\tAAV9\tan example indication\tapproved/FDA/US/2031\tcurator's note\n\
             Imlygic\ttalimogene laherparepvec\t\tT-VEC\tAmgen\toncolytic virus\tHSV-1\tmelanoma\tapproved/FDA/US/2015\tcurator's correction\n"
        );
        let dir = dir_with(&[
            ("products.tsv", &added),
            (
                "cues.tsv",
                "kind\twords\twhy\nnegation\tnimmer\ta curator's word\n",
            ),
            ("README.md", "not a table"),
        ]);
        let embedded = Knowledge::embedded();
        let k = Knowledge::load(Some(dir.path())).expect("loads");
        assert_eq!(k.products().len(), embedded.products().len() + 1);
        assert_eq!(
            k.products().last().map(|p| p.name.as_str()),
            Some("Zyntavec")
        );
        let imlygic = k
            .products()
            .iter()
            .find(|p| p.name == "Imlygic")
            .expect("kept");
        assert_eq!(imlygic.source, "curator's correction");
        assert!(k.cues(CueKind::Negation).iter().any(|w| w == "nimmer"));
    }

    #[test]
    fn bad_lines_and_unknown_files_are_errors_that_say_where() {
        let dir = dir_with(&[("products.tsv", &format!("{PRODUCT_HEADER}Only\ttwo\n"))]);
        let e = Knowledge::load(Some(dir.path())).expect_err("malformed");
        let message = e.to_string();
        assert!(message.contains("products.tsv line 2"), "{message}");
        let dir = dir_with(&[("product.tsv", PRODUCT_HEADER)]);
        let e = Knowledge::load(Some(dir.path())).expect_err("a typo");
        assert!(matches!(e, KnowledgeError::UnknownTable { .. }), "{e}");
        let missing = Knowledge::load(Some(Path::new("/definitely/not/here")));
        assert!(matches!(missing, Err(KnowledgeError::Io { .. })));
    }
}
