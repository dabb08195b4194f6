//! Output directories: one JSONL file per input shard, written so that an
//! interrupted run can resume.
//!
//! Each shard's records go to a temporary file of a unique name, renamed
//! into place when the shard is complete ([`crate::output_file`]): a file
//! named `NAME.jsonl` is always whole, so a restarted run with
//! [`OnExists::Skip`] passes over the shards it finds and redoes only the
//! one that was cut off, and several processes writing one directory (one
//! per shard, as GNU parallel and Slurm arrays run it) never share a
//! temporary file. Error records go beside the records, to
//! `NAME.errors.jsonl`. A symlink standing at any of these names is
//! replaced, never written through, and never counts as a finished shard.
//!
//! `_summary.json` (the counts, recounted from the files of skipped shards,
//! so a resumed run writes the same bytes as an uninterrupted one) and
//! `_manifest.json` (tool version, settings, schema, inputs with sizes and
//! the hashes of the bytes that were processed) describe the whole
//! directory: each run merges its shards into them under a lock on the
//! directory, so processes that share it end with both files listing every
//! shard, sorted by output name. A run first takes the shards it is about
//! to write out of them, so an interrupted run never leaves counts that
//! describe files it replaced. Neither file holds a time or a thread count:
//! the directory is a pure function of the inputs and the settings, and
//! a run whose settings differ from the manifest's refuses to mix its
//! shards with the ones already there.
//!
//! Shards are the container files (JSONL and WARC, compressed or not, by
//! name or by content, or every file under a forced container format);
//! loose documents are grouped by the folder they are in. Output names are made from input
//! paths with every character outside `[A-Za-z0-9._-]` replaced, so no
//! input name can reach outside the directory.

use crate::batch::{Batch, Summary};
use crate::boilerplate::template::Templates;
use crate::input::{self, Input, InputDigest, InputFormat, ReadOptions};
use crate::output_file::{self, AtomicFile, DirLock};
use crate::record::Record;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, BufRead, Write};
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
    /// A file or the directory could not be written. (The cause is the
    /// error's source, not part of its message, so that a chain printed
    /// whole says it once.)
    #[error("output directory: {}", path.display())]
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
    /// The output path exists and is not a directory.
    #[error("output directory {}: it exists and is not a directory", .0.display())]
    NotADirectory(PathBuf),
    /// Shards in the directory were made with other settings than this
    /// run's, and this run would leave them side by side with its own.
    #[error("output directory {}: its shards were made with other settings ({differences}); \
             use the same settings, --on-exists replace with every input, or another directory", dir.display())]
    Settings {
        /// The directory.
        dir: PathBuf,
        /// What differs, as `key: old -> new`.
        differences: String,
    },
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
            name = format!("{base}-{}", crate::document::hex(&hash[..4]));
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
        name = format!("{name}-{}", crate::document::hex(&hash[..4]));
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    /// The shard's inputs as the manifest lists them.
    #[serde(skip)]
    pub inputs: Vec<InputEntry>,
}

/// An output directory being written.
#[derive(Debug)]
pub struct OutDir {
    dir: PathBuf,
    on_exists: OnExists,
    /// The settings that shape the records, as the manifest states them.
    config: BTreeMap<String, serde_json::Value>,
    /// The manifest's entries when the run started, for shards kept as
    /// they are: they describe the bytes that made those shards.
    previous_inputs: Vec<InputEntry>,
}

/// What `_summary.json` and `_manifest.json` say when a run reads them.
#[derive(Debug, Default)]
struct Described {
    shards: Vec<ShardSummary>,
    manifest: Option<StoredManifest>,
}

/// The parts of a stored manifest that a run compares and merges.
#[derive(Debug, Deserialize)]
struct StoredManifest {
    schema_version: String,
    config: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    inputs: Vec<InputEntry>,
}

impl OutDir {
    /// Creates the directory if needed and checks it before anything is
    /// processed: with [`OnExists::Error`], no shard's output may exist;
    /// shards made with other settings (per `_manifest.json`) may not be
    /// kept beside this run's. Then takes the shards this run will write
    /// out of `_summary.json` and `_manifest.json`, so that an interrupted
    /// run leaves no counts for files it replaced.
    pub fn create(
        dir: &Path,
        on_exists: OnExists,
        shards: &[Shard],
        config: BTreeMap<String, serde_json::Value>,
    ) -> Result<Self, OutDirError> {
        if shards.iter().any(|s| s.inputs.contains(&Input::Stdin)) {
            return Err(OutDirError::Stdin);
        }
        if fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
            return Err(OutDirError::NotADirectory(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        let mut out = OutDir {
            dir: dir.to_path_buf(),
            on_exists,
            config,
            previous_inputs: Vec::new(),
        };
        if on_exists == OnExists::Error {
            // A symlink planted at the name counts too: it is not ours to
            // replace without being asked.
            if let Some(shard) = shards
                .iter()
                .find(|s| fs::symlink_metadata(out.records_path(s)).is_ok())
            {
                return Err(OutDirError::Exists {
                    dir: dir.to_path_buf(),
                    file: records_file(shard),
                });
            }
        }
        let lock = DirLock::acquire(dir).map_err(io_error(dir))?;
        output_file::remove_stale_temps(dir).map_err(io_error(dir))?;
        let described = out.described()?;
        let rewritten: BTreeSet<String> = shards
            .iter()
            .filter(|s| on_exists != OnExists::Skip || !out.is_done(s))
            .map(records_file)
            .collect();
        if let Some(manifest) = &described.manifest {
            let differences = out.differences(manifest);
            // A shard this run leaves as it is, from the summary or found
            // done, was made with the stored settings.
            let kept_from_before = described
                .shards
                .iter()
                .map(|s| s.output.clone())
                .chain(shards.iter().filter(|s| out.is_done(s)).map(records_file))
                .any(|f| !rewritten.contains(&f) && output_file::is_plain_file(&out.dir.join(&f)));
            if !differences.is_empty() && kept_from_before {
                return Err(OutDirError::Settings {
                    dir: dir.to_path_buf(),
                    differences,
                });
            }
            if differences.is_empty() {
                out.previous_inputs.clone_from(&manifest.inputs);
            }
        }
        if described
            .shards
            .iter()
            .any(|s| rewritten.contains(&s.output))
        {
            if described
                .shards
                .iter()
                .all(|s| rewritten.contains(&s.output))
            {
                // Nothing complete is left to describe; no summary says
                // so, as before the first run.
                for name in ["_summary.json", "_manifest.json"] {
                    let path = out.dir.join(name);
                    match fs::remove_file(&path) {
                        Err(e) if e.kind() != io::ErrorKind::NotFound => {
                            return Err(io_error(&path)(e))
                        }
                        _ => {}
                    }
                }
            } else {
                out.describe(&lock, described, |s| !rewritten.contains(s), &[], None)?;
            }
        }
        Ok(out)
    }

    fn records_path(&self, shard: &Shard) -> PathBuf {
        self.dir.join(records_file(shard))
    }

    /// Whether a shard's records file is there, written by a run (a
    /// symlink at its name is not).
    fn is_done(&self, shard: &Shard) -> bool {
        output_file::is_plain_file(&self.records_path(shard))
    }

    /// How a stored manifest's settings differ from this run's, as
    /// `key: old -> new` items; empty when they agree.
    fn differences(&self, manifest: &StoredManifest) -> String {
        let mut items = Vec::new();
        if manifest.schema_version != crate::record::SCHEMA_VERSION {
            items.push(format!(
                "schema_version: {} -> {}",
                manifest.schema_version,
                crate::record::SCHEMA_VERSION
            ));
        }
        let keys: BTreeSet<&String> = manifest.config.keys().chain(self.config.keys()).collect();
        for key in keys {
            let (old, new) = (manifest.config.get(key), self.config.get(key));
            if old != new {
                let show =
                    |v: Option<&serde_json::Value>| v.map_or("unset".to_owned(), |v| v.to_string());
                items.push(format!("{key}: {} -> {}", show(old), show(new)));
            }
        }
        items.join(", ")
    }

    /// Reads `_summary.json` and `_manifest.json` as they stand. A file
    /// that is absent, a symlink or not what a run writes describes
    /// nothing (it is replaced).
    fn described(&self) -> Result<Described, OutDirError> {
        let read = |name: &str| -> Result<Option<serde_json::Value>, OutDirError> {
            let path = self.dir.join(name);
            let bytes = output_file::read_plain_file(&path).map_err(io_error(&path))?;
            Ok(bytes.and_then(|b| serde_json::from_slice(&b).ok()))
        };
        let shards = read("_summary.json")?
            .and_then(|mut v| serde_json::from_value(v.get_mut("shards")?.take()).ok())
            .unwrap_or_default();
        let manifest = read("_manifest.json")?.and_then(|v| serde_json::from_value(v).ok());
        Ok(Described { shards, manifest })
    }

    /// Writes `_summary.json` and `_manifest.json` for the shards of
    /// `described` that `keep` accepts, plus `ours`, sorted by output name,
    /// with totals over them all. Without a `manifest` of this run's, the
    /// stored one is kept with only the entries of kept shards.
    fn describe(
        &self,
        lock: &DirLock,
        described: Described,
        keep: impl Fn(&str) -> bool,
        ours: &[ShardSummary],
        manifest: Option<&Manifest>,
    ) -> Result<(), OutDirError> {
        let same_settings = described
            .manifest
            .as_ref()
            .is_some_and(|m| self.differences(m).is_empty());
        let ours_named: BTreeSet<&str> = ours.iter().map(|s| s.output.as_str()).collect();
        let kept = |output: &str| {
            !ours_named.contains(output)
                && keep(output)
                && output_file::is_plain_file(&self.dir.join(output))
        };
        let mut shards: Vec<ShardSummary> = described
            .shards
            .into_iter()
            .filter(|s| kept(&s.output))
            .chain(ours.iter().cloned())
            .collect();
        shards.sort_by(|a, b| a.output.cmp(&b.output));
        let mut errors: BTreeMap<&str, u64> = BTreeMap::new();
        let (mut documents, mut bytes) = (0u64, 0u64);
        for shard in &shards {
            documents += shard.documents;
            bytes += shard.bytes;
            for (code, n) in &shard.errors {
                *errors.entry(code.as_str()).or_default() += n;
            }
        }
        let summary = serde_json::json!({
            "documents": documents,
            "records": documents - errors.values().sum::<u64>(),
            "errors": errors,
            "bytes": bytes,
            "shards": shards,
        });
        let previous = described
            .manifest
            .filter(|_| same_settings)
            .map(|m| m.inputs)
            .unwrap_or_default();
        let mut inputs: Vec<InputEntry> = previous
            .into_iter()
            .filter(|i| kept(&i.shard))
            .chain(manifest.map(|m| m.inputs.clone()).unwrap_or_default())
            .collect();
        // Stable: a shard's inputs stay in the order they were read.
        inputs.sort_by(|a, b| a.shard.cmp(&b.shard));
        let manifest = match manifest {
            Some(m) => Manifest {
                inputs,
                ..m.clone()
            },
            None => Manifest {
                inputs,
                ..Manifest::new(&[], self.config.clone())
            },
        };
        self.write_json(lock, "_summary.json", &summary)?;
        self.write_json(lock, "_manifest.json", &manifest)
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
        if self.on_exists == OnExists::Skip && self.is_done(shard) {
            let inputs = shard
                .inputs
                .iter()
                .map(|input| {
                    let entry = self.previous_inputs.iter().find(|e| {
                        e.shard == records_file(shard)
                            && matches!(input, Input::File(p) if p.to_string_lossy() == e.path)
                    });
                    match entry {
                        Some(entry) => entry.clone(),
                        None => input_entry(shard, input, None),
                    }
                })
                .collect();
            return recount(shard, &records, &errors, inputs);
        }
        let mut record_out = AtomicFile::create(&records).map_err(io_error(&records))?;
        let mut error_out: Option<AtomicFile> = None;
        let digests: std::sync::Mutex<Vec<Option<InputDigest>>> = Default::default();
        let docs = shard.inputs.iter().flat_map(|i| {
            let (docs, digest) = input::open_digested(i, options);
            digests
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(digest);
            docs
        });
        let (summary, written) = batch.run(docs, templates, |outcome| -> io::Result<()> {
            each(outcome);
            let out: &mut AtomicFile = if outcome.record.error_code().is_some() {
                match &mut error_out {
                    Some(out) => out,
                    None => error_out.insert(AtomicFile::create(&errors)?),
                }
            } else {
                &mut record_out
            };
            out.write_all(outcome.line.as_bytes())?;
            out.write_all(b"\n")
        });
        written.map_err(io_error(&records))?;
        let had_errors = error_out.is_some();
        match error_out {
            Some(out) => out.commit().map_err(io_error(&errors))?,
            // A stale error file (or a link planted there) from an earlier
            // run of this shard.
            None if fs::symlink_metadata(&errors).is_ok() => {
                fs::remove_file(&errors).map_err(io_error(&errors))?;
            }
            None => {}
        }
        // The rename of the records file marks the shard complete.
        record_out.commit().map_err(io_error(&records))?;
        let digests = digests
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let inputs = shard
            .inputs
            .iter()
            .enumerate()
            .map(|(i, input)| input_entry(shard, input, digests.get(i).cloned().flatten()))
            .collect();
        Ok(shard_summary(shard, &summary, had_errors, false, inputs))
    }

    /// Merges this run's shards into `_summary.json` and `_manifest.json`
    /// (under the directory lock, so that concurrent runs each add theirs)
    /// and returns this run's own totals.
    pub fn finish(
        &self,
        shards: &[ShardSummary],
        manifest: &Manifest,
    ) -> Result<Summary, OutDirError> {
        let mut total = Summary::default();
        for shard in shards {
            total.merge(&shard.counts);
        }
        let lock = DirLock::acquire(&self.dir).map_err(io_error(&self.dir))?;
        let described = self.described()?;
        self.describe(&lock, described, |_| true, shards, Some(manifest))?;
        Ok(total)
    }

    fn write_json(
        &self,
        lock: &DirLock,
        name: &str,
        value: &impl Serialize,
    ) -> Result<(), OutDirError> {
        let path = self.dir.join(name);
        let mut text = serde_json::to_string_pretty(value)
            .map_err(|e| io_error(&path)(io::Error::other(e)))?;
        text.push('\n');
        output_file::write_atomic(&path, text.as_bytes(), lock).map_err(io_error(&path))
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
    inputs: Vec<InputEntry>,
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
        inputs,
    }
}

/// The counts of a shard a previous run completed, read back from its
/// files.
fn recount(
    shard: &Shard,
    records: &Path,
    errors: &Path,
    inputs: Vec<InputEntry>,
) -> Result<ShardSummary, OutDirError> {
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
    let had_errors = output_file::is_plain_file(errors);
    if had_errors {
        count(errors)?;
    }
    Ok(shard_summary(shard, &summary, had_errors, true, inputs))
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
    /// Every input file, with size and SHA-256, grouped by shard.
    pub inputs: Vec<InputEntry>,
}

/// One input file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    /// The path as given or found.
    pub path: String,
    /// The records file of the shard it went into.
    pub shard: String,
    /// Its size in bytes (absent if it could not be read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Lower-case hex SHA-256 of the bytes that were processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Manifest {
    /// The manifest of a run over the shards `shards` describes, with
    /// `config`.
    pub fn new(shards: &[ShardSummary], config: BTreeMap<String, serde_json::Value>) -> Self {
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
                .flat_map(|s| s.inputs.iter().cloned())
                .collect(),
        }
    }
}

/// The manifest entry of one input: the hash taken as it was read, or
/// (for a shard kept from an earlier run with no entry of its own) of the
/// file as it is now.
fn input_entry(shard: &Shard, input: &Input, digest: Option<InputDigest>) -> InputEntry {
    let (path, hashed) = match input {
        Input::File(path) => (
            path.to_string_lossy().into_owned(),
            match digest {
                Some(digest) => digest.finish(),
                None => input::hash_file(path),
            },
        ),
        Input::Unreadable(origin, _) => (origin.path.clone(), None),
        Input::Stdin => ("-".to_owned(), None),
    };
    InputEntry {
        path,
        shard: records_file(shard),
        bytes: hashed.as_ref().map(|h| h.0),
        sha256: hashed.map(|h| h.1),
    }
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
