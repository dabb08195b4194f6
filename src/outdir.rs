//! Output directories: one JSONL file per input shard, written so that an
//! interrupted run can resume.
//!
//! Each shard's records go to a temporary file renamed into place when the
//! shard is complete: a file named `NAME.jsonl` is always whole, so a
//! restarted run with [`OnExists::Skip`] passes over the shards it finds
//! and redoes only the one that was cut off. Error records go beside the
//! records, to `NAME.errors.jsonl`. The run ends with `_summary.json` (the
//! counts, recounted from the files of skipped shards, so a resumed run
//! writes the same bytes as an uninterrupted one) and `_manifest.json` (tool
//! version, configuration, schema, inputs with sizes and hashes). Neither
//! holds a time or a thread count: the directory is a pure function of the
//! inputs and the configuration.
//!
//! Shards are the container files (JSONL and WARC, compressed or not, by
//! name or by content, or every file under a forced container format);
//! loose documents are grouped by the folder they are in. Output names are made from input
//! paths with every character outside `[A-Za-z0-9._-]` replaced, so no
//! input name can reach outside the directory.

use crate::batch::{Batch, Summary};
use crate::boilerplate::template::Templates;
use crate::input::{self, Input, InputFormat, ReadOptions};
use crate::record::Record;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// What to do with a shard whose output file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnExists {
    /// Keep it and count it: resume an interrupted run.
    Skip,
    /// Process the shard again and replace the file.
    Replace,
    /// Stop before processing anything.
    #[default]
    Error,
}

/// Errors of an output directory run (documents never fail a run; these
/// are the directory's own failures).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutDirError {
    /// A file or the directory could not be written.
    #[error("output directory {path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// Outputs exist and `--on-exists error` is in force.
    #[error("output directory {dir}: {file} already exists (use --on-exists skip to resume or replace to redo)")]
    Exists {
        /// The directory.
        dir: PathBuf,
        /// The first existing output.
        file: String,
    },
    /// Standard input has no name to give its output.
    #[error("--out-dir needs named inputs; standard input has no shard name")]
    Stdin,
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutDirError + '_ {
    move |source| OutDirError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A group of inputs written to one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// The input path the shard is named after (the file, or the folder
    /// of loose documents).
    pub label: String,
    /// The output file's name, without `.jsonl`.
    pub name: String,
    /// Its inputs, in order.
    pub inputs: Vec<Input>,
}

/// Splits inputs into shards: each container file alone, loose documents
/// by folder (in the order the folders first appear). Output names are
/// unique: a collision gets a hash of the label.
///
/// ```
/// use cistron::input::{Input, InputFormat};
/// use cistron::outdir::plan;
/// let inputs = ["crawl/a.html", "crawl/b.html", "crawl/part-1.warc.gz"]
///     .map(|p| Input::File(p.into()));
/// let shards = plan(&inputs, InputFormat::Auto);
/// assert_eq!(shards[0].name, "crawl");
/// assert_eq!(shards[0].inputs.len(), 2);
/// assert_eq!(shards[1].name, "crawl__part-1.warc.gz");
/// ```
pub fn plan(inputs: &[Input], format: InputFormat) -> Vec<Shard> {
    let mut shards: Vec<Shard> = Vec::new();
    let mut folders: BTreeMap<String, usize> = BTreeMap::new();
    for input in inputs {
        let (label, is_container) = match input {
            Input::File(path) => {
                let label = path.to_string_lossy().into_owned();
                let container = match format {
                    InputFormat::Auto => {
                        input::format_from_name(&label).is_some()
                            || input::sniff_format(path) != InputFormat::Document
                    }
                    InputFormat::Document => false,
                    InputFormat::Jsonl | InputFormat::Warc => true,
                };
                (label, container)
            }
            Input::Unreadable(origin, _) => (origin.path.clone(), true),
            Input::Stdin => ("-".to_owned(), true),
        };
        if is_container {
            shards.push(Shard {
                name: String::new(),
                label,
                inputs: vec![input.clone()],
            });
            continue;
        }
        let folder = Path::new(&label)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        match folders.get(&folder) {
            Some(&i) => shards[i].inputs.push(input.clone()),
            None => {
                folders.insert(folder.clone(), shards.len());
                shards.push(Shard {
                    name: String::new(),
                    label: folder,
                    inputs: vec![input.clone()],
                });
            }
        }
    }
    // Every file a shard writes is reserved, compared without case (file
    // systems that fold case would merge them): a folder `x.errors/` must
    // not take the error file of a folder `x/`, nor two labels that read
    // the same after lossy conversion the same file.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for shard in &mut shards {
        let base = output_name(&shard.label);
        let mut name = base.clone();
        let mut attempt = 0u32;
        while [records_name(&name), errors_name(&name)]
            .iter()
            .any(|f| taken.contains(&f.to_ascii_lowercase()))
        {
            attempt += 1;
            let hash = Sha256::digest(format!("{}\0{attempt}", shard.label).as_bytes());
            name = format!("{base}-{}", hex(&hash[..4]));
        }
        taken.insert(records_name(&name).to_ascii_lowercase());
        taken.insert(errors_name(&name).to_ascii_lowercase());
        shard.name = name;
    }
    shards
}

/// The output name for an input path: its components joined by `__`, every
/// character outside `[A-Za-z0-9._-]` replaced by `_`, no leading dot, at
/// most 150 bytes (longer names end in a hash of the whole). It never holds
/// a path separator, so it stays inside the output directory.
///
/// ```
/// use cistron::outdir::output_name;
/// assert_eq!(output_name("crawl/2024 May/part-1.jsonl"), "crawl__2024_May__part-1.jsonl");
/// assert_eq!(output_name("../../etc/passwd"), "etc__passwd");
/// assert_eq!(output_name("/abs/x.warc"), "abs__x.warc");
/// ```
pub fn output_name(path: &str) -> String {
    let parts: Vec<String> = path
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .map(|c| {
            c.chars()
                .map(|ch| {
                    if ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-') {
                        ch
                    } else {
                        '_'
                    }
                })
                .collect()
        })
        .collect();
    let mut name = parts.join("__");
    while name.starts_with('.') {
        name.replace_range(..1, "_");
    }
    if name.is_empty() {
        name.push('_');
    }
    if name.len() > 150 {
        let hash = Sha256::digest(path.as_bytes());
        name.truncate(140);
        name = format!("{name}-{}", hex(&hash[..4]));
    }
    name
}

/// Counts for one shard, as `_summary.json` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSummary {
    /// The input path the shard is named after.
    pub input: String,
    /// The records file.
    pub output: String,
    /// The error records file, when there were errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors_output: Option<String>,
    /// Documents seen.
    pub documents: u64,
    /// Error records, by code.
    pub errors: BTreeMap<String, u64>,
    /// Source bytes read.
    pub bytes: u64,
    /// Whether this run found the shard done and kept it.
    #[serde(skip)]
    pub skipped: bool,
    /// The same counts, typed, for the run's total.
    #[serde(skip)]
    pub counts: Summary,
}

/// An output directory being written.
#[derive(Debug)]
pub struct OutDir {
    dir: PathBuf,
    on_exists: OnExists,
}

impl OutDir {
    /// Creates the directory if needed. With [`OnExists::Error`], fails if
    /// any shard's output already exists, before anything is processed.
    pub fn create(dir: &Path, on_exists: OnExists, shards: &[Shard]) -> Result<Self, OutDirError> {
        if shards.iter().any(|s| s.inputs.contains(&Input::Stdin)) {
            return Err(OutDirError::Stdin);
        }
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        let out = OutDir {
            dir: dir.to_path_buf(),
            on_exists,
        };
        if on_exists == OnExists::Error {
            if let Some(shard) = shards.iter().find(|s| out.records_path(s).exists()) {
                return Err(OutDirError::Exists {
                    dir: dir.to_path_buf(),
                    file: records_file(shard),
                });
            }
        }
        Ok(out)
    }

    fn records_path(&self, shard: &Shard) -> PathBuf {
        self.dir.join(records_file(shard))
    }

    /// Processes one shard into its files, or counts the files a previous
    /// run completed. `each` sees every outcome written (for progress).
    pub fn write_shard(
        &self,
        shard: &Shard,
        batch: &Batch<'_>,
        options: &ReadOptions,
        templates: Option<&Templates>,
        mut each: impl FnMut(&crate::pipeline::Outcome),
    ) -> Result<ShardSummary, OutDirError> {
        let records = self.records_path(shard);
        let errors = self.dir.join(errors_file(shard));
        if self.on_exists == OnExists::Skip && records.exists() {
            return recount(shard, &records, &errors);
        }
        let records_tmp = self.dir.join(format!("{}.tmp", records_file(shard)));
        let errors_tmp = self.dir.join(format!("{}.tmp", errors_file(shard)));
        let mut record_out = BufWriter::with_capacity(
            1 << 16,
            fs::File::create(&records_tmp).map_err(io_error(&records_tmp))?,
        );
        let mut error_out: Option<BufWriter<fs::File>> = None;
        let docs = shard.inputs.iter().flat_map(|i| input::open(i, options));
        let (summary, written) = batch.run(docs, templates, |outcome| -> io::Result<()> {
            each(outcome);
            let out: &mut BufWriter<fs::File> = if outcome.record.error_code().is_some() {
                match &mut error_out {
                    Some(out) => out,
                    None => error_out.insert(BufWriter::new(fs::File::create(&errors_tmp)?)),
                }
            } else {
                &mut record_out
            };
            out.write_all(outcome.line.as_bytes())?;
            out.write_all(b"\n")
        });
        written.map_err(io_error(&records_tmp))?;
        let finish = |out: BufWriter<fs::File>, path: &Path| -> Result<(), OutDirError> {
            let file = out
                .into_inner()
                .map_err(|e| io_error(path)(e.into_error()))?;
            file.sync_all().map_err(io_error(path))
        };
        let had_errors = error_out.is_some();
        if let Some(out) = error_out {
            finish(out, &errors_tmp)?;
            fs::rename(&errors_tmp, &errors).map_err(io_error(&errors))?;
        } else if errors.exists() {
            // A stale error file from an earlier run of this shard.
            fs::remove_file(&errors).map_err(io_error(&errors))?;
        }
        finish(record_out, &records_tmp)?;
        // The rename of the records file marks the shard complete.
        fs::rename(&records_tmp, &records).map_err(io_error(&records))?;
        Ok(shard_summary(shard, &summary, had_errors, false))
    }

    /// Writes `_summary.json` and `_manifest.json`, each through a
    /// temporary file.
    pub fn finish(
        &self,
        shards: &[ShardSummary],
        manifest: &Manifest,
    ) -> Result<Summary, OutDirError> {
        let mut total = Summary::default();
        for shard in shards {
            total.merge(&shard.counts);
        }
        let errors: BTreeMap<&str, u64> =
            total.errors.iter().map(|(c, n)| (c.as_str(), *n)).collect();
        let summary = serde_json::json!({
            "documents": total.documents,
            "records": total.documents - total.error_count(),
            "errors": errors,
            "bytes": total.bytes,
            "shards": shards,
        });
        self.write_json("_summary.json", &summary)?;
        self.write_json("_manifest.json", manifest)?;
        Ok(total)
    }

    fn write_json(&self, name: &str, value: &impl Serialize) -> Result<(), OutDirError> {
        let path = self.dir.join(name);
        let tmp = self.dir.join(format!("{name}.tmp"));
        let mut text = serde_json::to_string_pretty(value)
            .map_err(|e| io_error(&path)(io::Error::other(e)))?;
        text.push('\n');
        fs::write(&tmp, text).map_err(io_error(&tmp))?;
        fs::rename(&tmp, &path).map_err(io_error(&path))
    }
}

fn records_file(shard: &Shard) -> String {
    records_name(&shard.name)
}

fn errors_file(shard: &Shard) -> String {
    errors_name(&shard.name)
}

fn records_name(name: &str) -> String {
    format!("{name}.jsonl")
}

fn errors_name(name: &str) -> String {
    format!("{name}.errors.jsonl")
}

fn shard_summary(
    shard: &Shard,
    summary: &Summary,
    had_errors: bool,
    skipped: bool,
) -> ShardSummary {
    ShardSummary {
        input: shard.label.clone(),
        output: records_file(shard),
        errors_output: had_errors.then(|| errors_file(shard)),
        documents: summary.documents,
        errors: summary
            .errors
            .iter()
            .map(|(c, n)| (c.as_str().to_owned(), *n))
            .collect(),
        bytes: summary.bytes,
        skipped,
        counts: summary.clone(),
    }
}

/// The counts of a shard a previous run completed, read back from its
/// files.
fn recount(shard: &Shard, records: &Path, errors: &Path) -> Result<ShardSummary, OutDirError> {
    let mut summary = Summary::default();
    let mut count = |path: &Path| -> Result<(), OutDirError> {
        let file = fs::File::open(path).map_err(io_error(path))?;
        for line in io::BufReader::new(file).lines() {
            let line = line.map_err(io_error(path))?;
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = serde_json::from_str(&line).map_err(|e| {
                io_error(path)(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("not a record ({e}); remove the file or use --on-exists replace"),
                ))
            })?;
            summary.add_record(&record);
        }
        Ok(())
    };
    count(records)?;
    let had_errors = errors.exists();
    if had_errors {
        count(errors)?;
    }
    Ok(shard_summary(shard, &summary, had_errors, true))
}

/// What `_manifest.json` records: enough to say which tool, settings and
/// inputs made the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// `cistron`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// The `$id` of the record schema.
    pub schema: String,
    /// The record format's version.
    pub schema_version: String,
    /// The settings that shape the output (not the thread count, which
    /// does not).
    pub config: BTreeMap<String, serde_json::Value>,
    /// Every input file, with size and SHA-256.
    pub inputs: Vec<InputEntry>,
}

/// One input file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputEntry {
    /// The path as given or found.
    pub path: String,
    /// Its size in bytes (absent if it could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Lower-case hex SHA-256 of its bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Manifest {
    /// The manifest of a run over `shards` with `config`.
    pub fn new(shards: &[Shard], config: BTreeMap<String, serde_json::Value>) -> Self {
        let schema: serde_json::Value =
            serde_json::from_str(crate::validate::RECORD_SCHEMA).unwrap_or_default();
        Manifest {
            tool: env!("CARGO_PKG_NAME").to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            schema: schema
                .get("$id")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
            schema_version: crate::record::SCHEMA_VERSION.to_owned(),
            config,
            inputs: shards
                .iter()
                .flat_map(|s| &s.inputs)
                .map(|input| match input {
                    Input::File(path) => {
                        let hashed = hash_file(path);
                        InputEntry {
                            path: path.to_string_lossy().into_owned(),
                            bytes: hashed.as_ref().map(|h| h.0),
                            sha256: hashed.map(|h| h.1),
                        }
                    }
                    Input::Unreadable(origin, _) => InputEntry {
                        path: origin.path.clone(),
                        bytes: None,
                        sha256: None,
                    },
                    Input::Stdin => InputEntry {
                        path: "-".to_owned(),
                        bytes: None,
                        sha256: None,
                    },
                })
                .collect(),
        }
    }
}

fn hash_file(path: &Path) -> Option<(u64, String)> {
    let mut file = fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    Some((total, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_leave_the_directory() {
        for path in [
            "../../x",
            "/etc/passwd",
            "a/../../b",
            "..",
            ".hidden/.x",
            "a\\..\\b",
            "ü/é.jsonl",
        ] {
            let name = output_name(path);
            assert!(!name.contains(['/', '\\']), "{path} -> {name}");
            assert!(!name.starts_with('.'), "{path} -> {name}");
            assert!(!name.is_empty());
        }
        let long = "d/".repeat(200) + "x";
        assert!(output_name(&long).len() <= 150);
    }

    #[test]
    fn colliding_names_get_a_hash() {
        let inputs = [
            Input::File("a/b.jsonl".into()),
            Input::File("a__b.jsonl".into()),
        ];
        let shards = plan(&inputs, InputFormat::Auto);
        assert_eq!(shards[0].name, "a__b.jsonl");
        assert!(
            shards[1].name.starts_with("a__b.jsonl-"),
            "{}",
            shards[1].name
        );
    }

    #[test]
    fn no_two_shards_share_a_file() {
        let inputs = [
            "a/x.html",
            "a.errors/y.html",
            "a.errors/z.jsonl",
            "q.jsonl",
            "q.jsonl",
            "Q.jsonl",
        ]
        .map(|p| Input::File(p.into()));
        let shards = plan(&inputs, InputFormat::Auto);
        let mut files = BTreeSet::new();
        for s in &shards {
            assert!(
                files.insert(records_file(s).to_ascii_lowercase()),
                "{}",
                s.name
            );
            assert!(
                files.insert(errors_file(s).to_ascii_lowercase()),
                "{}",
                s.name
            );
        }
        assert_eq!(shards.len(), 6);
    }

    #[test]
    fn loose_documents_group_by_folder() {
        let inputs =
            ["x/1.html", "x/y/2.html", "x/3.html", "z.warc"].map(|p| Input::File(p.into()));
        let shards = plan(&inputs, InputFormat::Auto);
        let names: Vec<(&str, usize)> = shards
            .iter()
            .map(|s| (s.name.as_str(), s.inputs.len()))
            .collect();
        assert_eq!(names, [("x", 2), ("x__y", 1), ("z.warc", 1)]);
        let forced = plan(&inputs, InputFormat::Jsonl);
        assert_eq!(forced.len(), 4);
    }
}
