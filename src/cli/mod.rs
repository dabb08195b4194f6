//! Command-line interface: arguments to plain values, I/O and exit codes.
//! Everything else is the library's.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use anyhow::{Context, Result};
use cistron::decode::MediaType;
mod run;

use cistron::input::{self, ReadOptions};
use cistron::pipeline::{Config, Pipeline, DEFAULT_MAX_BYTES};
use cistron::record::Record;
use cistron::validate::{check_spans, Validator, RECORD_SCHEMA};
use clap::{Parser, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Turns scraped gene-therapy documents into validated JSON records.
#[derive(Debug, Parser)]
#[command(name = "cistron", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Process documents and write one JSON record per document (JSONL).
    Run(run::RunArgs),
    /// Print the main text of one document.
    Text {
        /// The document (`-` for standard input).
        path: PathBuf,
        /// List every removed block, with the reason, on standard error.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Repair mojibake in text: plain text in, repaired text out.
    Repair {
        /// The text file (`-` or nothing for standard input).
        path: Option<PathBuf>,
        /// Read and write JSON lines `{"id", "text"}` instead of plain text.
        #[arg(long)]
        jsonl: bool,
        /// List each repair on standard error.
        #[arg(long)]
        explain: bool,
    },
    /// Parse formatted references field by field: one reference per line
    /// in, one JSON object per line out.
    References {
        /// The file (`-` or nothing for standard input).
        path: Option<PathBuf>,
        /// Read JSON lines `{"id", "raw"}` instead of one plain reference per
        /// line; the output carries the `id`.
        #[arg(long)]
        jsonl: bool,
    },
    /// Print the learned boilerplate judge's feature rows, one JSON line per
    /// document, for the training script (`train/boilerplate.py`).
    #[command(hide = true)]
    Features {
        /// The documents (files or folders).
        paths: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Print the JSON Schema of the records.
    Schema,
    /// Check records written earlier against the schema and span invariants.
    Validate {
        /// A JSONL file of records (`-` for standard input).
        file: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct ReadArgs {
    /// Read documents as HTML or as text instead of sniffing [default: auto].
    #[arg(long, value_enum)]
    media_type: Option<MediaArg>,
    /// Documents larger than this many bytes become `too_large` errors
    /// [default: 33554432, 32 MiB].
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,
    /// Read a curator's knowledge tables from DIR (`products.tsv`,
    /// `vectors.tsv`, ... in the embedded tables' format) after the
    /// embedded ones.
    #[arg(long, value_name = "DIR")]
    knowledge: Option<PathBuf>,
    /// A document still being processed after this many seconds becomes a
    /// `time_limit` error record; 0 for no limit [default: 60].
    #[arg(long, value_name = "SECONDS")]
    max_seconds: Option<f64>,
    /// Who decides what is main content: `auto` is the learned model on
    /// HTML and the line rules on flattened text; `learned` the models on
    /// both; `rules` the hand-tuned rules alone (faster) [default: auto].
    #[arg(long, value_enum)]
    judge: Option<JudgeArg>,
}

/// The time limit a `--max-seconds` value gives: 0 is none (values are
/// checked by [`check_seconds`] first).
fn time_limit(seconds: Option<f64>) -> Option<std::time::Duration> {
    match seconds {
        None => Some(cistron::pipeline::DEFAULT_TIME_LIMIT),
        Some(s) if s > 0.0 => std::time::Duration::try_from_secs_f64(s).ok(),
        Some(_) => None,
    }
}

/// A `--max-seconds` value must be a finite duration, 0 for none: `nan`,
/// `inf` and negative values are usage errors, not silently "no limit".
fn check_seconds(seconds: Option<f64>) -> Result<()> {
    match seconds {
        Some(s) if !(s >= 0.0 && std::time::Duration::try_from_secs_f64(s).is_ok()) => Err(Usage(
            format!("--max-seconds must be a finite number of seconds, 0 for no limit, not {s}"),
        )
        .into()),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum MediaArg {
    #[default]
    Auto,
    Html,
    Text,
}

impl MediaArg {
    fn media_type(self) -> Option<MediaType> {
        match self {
            MediaArg::Auto => None,
            MediaArg::Html => Some(MediaType::Html),
            MediaArg::Text => Some(MediaType::Text),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum JudgeArg {
    #[default]
    Auto,
    Learned,
    Rules,
}

impl JudgeArg {
    fn judge(self) -> cistron::boilerplate::Judge {
        match self {
            JudgeArg::Auto => cistron::boilerplate::Judge::Auto,
            JudgeArg::Learned => cistron::boilerplate::Judge::Learned,
            JudgeArg::Rules => cistron::boilerplate::Judge::Rules,
        }
    }
}

impl ReadArgs {
    /// The pipeline these options ask for, and how to read documents.
    fn pipeline(&self) -> Result<(Pipeline, ReadOptions)> {
        check_seconds(self.max_seconds)?;
        let config = self.config();
        let options = ReadOptions {
            max_bytes: config.max_bytes,
            ..ReadOptions::default()
        };
        Ok((Pipeline::new(config)?, options))
    }

    fn config(&self) -> Config {
        Config::default()
            .with_max_bytes(self.max_bytes.unwrap_or(DEFAULT_MAX_BYTES))
            .with_media_type(self.media_type.unwrap_or_default().media_type())
            .with_time_limit(time_limit(self.max_seconds))
            .with_knowledge_dir(self.knowledge.clone())
            .with_judge(self.judge.unwrap_or_default().judge())
    }
}

/// Runs the command line; the exit code is 0 when every document succeeded,
/// 1 when some became error records, 2 on usage or fatal errors.
pub fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        say(format_args!("cistron: internal error: {info}"));
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            say(format_args!("cistron: {e:#}"));
            ExitCode::from(2)
        }
    }
}

fn dispatch(command: Command) -> Result<ExitCode> {
    match command {
        Command::Run(args) => run::run(args),
        Command::Text {
            path,
            explain,
            read,
        } => text(&path, explain, &read),
        Command::Features { paths, read } => features(&paths, &read),
        Command::Schema => {
            let mut out = io::stdout().lock();
            out.write_all(RECORD_SCHEMA.as_bytes())?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { file } => validate(&file),
        Command::Repair {
            path,
            jsonl,
            explain,
        } => repair(path.as_deref(), jsonl, explain),
        Command::References { path, jsonl } => references(path.as_deref(), jsonl),
    }
}

/// A usage error found after parsing: exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Usage(String);

fn read_stdin() -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes a line to standard error; a closed stderr is not worth a panic.
fn say(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}

fn text(path: &PathBuf, explain: bool, read: &ReadArgs) -> Result<ExitCode> {
    let (pipeline, options) = read.pipeline()?;
    let first = input::collect(std::slice::from_ref(path))
        .first()
        .and_then(|i| input::open(i, &options).next());
    let outcome = match &first {
        Some(Ok(doc)) => pipeline.process(doc),
        Some(Err(error)) => pipeline.read_failure(error),
        None => anyhow::bail!("{}: no document there", path.display()),
    };
    if explain {
        let explained = match &first {
            Some(Ok(doc)) => pipeline
                .parse_only(doc)
                .map(|page| cistron::boilerplate::explain(&page)),
            _ => None,
        };
        for removal in &outcome.removed {
            let mut why = match removal.evidence {
                Some(word) => format!("{} ({word})", removal.reason.as_str()),
                None => removal.reason.as_str().to_owned(),
            };
            why.push_str(&format!("; score {:.2}", removal.score));
            let strongest = explained.as_ref().and_then(|e| e.get(removal.index));
            for (feature, credit) in strongest.into_iter().flatten() {
                why.push_str(&format!(", {feature} {credit:+.2}"));
            }
            say(format_args!(
                "removed block {} [{why}]: {}",
                removal.index + 1,
                removal.text
            ));
        }
    }
    match outcome.record {
        Record::Document(record) => {
            let mut out = io::stdout().lock();
            out.write_all(record.text.as_bytes())?;
            out.write_all(b"\n")?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Record::Error(e) => {
            say(format_args!(
                "cistron: {}: {} at stage {}: {}",
                e.source.path,
                e.error.as_str(),
                e.stage.as_str(),
                e.message
            ));
            Ok(ExitCode::from(1))
        }
    }
}

/// One line per document: `{"path", "names"?, "blocks": [{"text", "x"}]}`;
/// the first line also carries the feature names.
fn features(paths: &[PathBuf], read: &ReadArgs) -> Result<ExitCode> {
    let (pipeline, options) = read.pipeline()?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut first = true;
    for input in input::collect(paths) {
        for doc in input::open(&input, &options).flatten() {
            let Some(page) = pipeline.parse_only(&doc) else {
                continue;
            };
            let rows = cistron::boilerplate::feature_rows(&page);
            let blocks: Vec<serde_json::Value> = page
                .blocks
                .iter()
                .zip(rows)
                .map(|(b, x)| serde_json::json!({"text": b.text, "x": x}))
                .collect();
            let mut line = serde_json::json!({"path": doc.origin.path, "blocks": blocks});
            if first {
                line["names"] = serde_json::json!(cistron::boilerplate::feature_names());
                first = false;
            }
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn validate(file: &PathBuf) -> Result<ExitCode> {
    let bytes = if file.as_os_str() == "-" {
        read_stdin().context("cannot read standard input")?
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let validator = Validator::new()?;
    let (mut total, mut invalid) = (0u64, 0u64);
    for (n, line) in String::from_utf8_lossy(&bytes).lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        total += 1;
        let verdict = serde_json::from_str::<serde_json::Value>(line)
            .map_err(|e| format!("not JSON: {e}"))
            .and_then(|value| validator.check(&value).and_then(|()| check_spans(&value)));
        if let Err(why) = verdict {
            invalid += 1;
            say(format_args!("{}:{}: {why}", file.display(), n + 1));
        }
    }
    say(format_args!(
        "cistron: {total} records, {} valid, {invalid} invalid",
        total - invalid
    ));
    Ok(if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn references(path: Option<&std::path::Path>, jsonl: bool) -> Result<ExitCode> {
    let bytes = match path {
        None => read_stdin().context("cannot read standard input")?,
        Some(p) if p.as_os_str() == "-" => read_stdin().context("cannot read standard input")?,
        Some(p) => std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
    };
    let input = String::from_utf8(bytes).context("references reads UTF-8 text")?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut bad_lines = 0u64;
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (id, raw) = if jsonl {
            let value: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    say(format_args!("cistron: line {}: not JSON: {e}", n + 1));
                    bad_lines += 1;
                    continue;
                }
            };
            let Some(raw) = value.get("raw").and_then(|t| t.as_str()).map(str::to_owned) else {
                say(format_args!("cistron: line {}: no \"raw\" string", n + 1));
                bad_lines += 1;
                continue;
            };
            (value.get("id").cloned(), raw)
        } else {
            (None, line.to_owned())
        };
        let parsed = cistron::references::parse(&raw);
        let mut value = serde_json::to_value(&parsed)?;
        if let (Some(id), Some(map)) = (id, value.as_object_mut()) {
            let mut with_id = serde_json::Map::new();
            with_id.insert("id".to_owned(), id);
            with_id.extend(std::mem::take(map));
            value = serde_json::Value::Object(with_id);
        }
        serde_json::to_writer(&mut out, &value)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if bad_lines == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn repair(path: Option<&std::path::Path>, jsonl: bool, explain: bool) -> Result<ExitCode> {
    let bytes = match path {
        None => read_stdin().context("cannot read standard input")?,
        Some(p) if p.as_os_str() == "-" => read_stdin().context("cannot read standard input")?,
        Some(p) => std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?,
    };
    let input = String::from_utf8(bytes)
        .context("repair reads UTF-8 text (decode it with `cistron run` first)")?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut bad_lines = 0u64;
    let explain_fixes = |label: &str, repaired: &cistron::mojibake::Repaired| {
        if explain {
            for fix in &repaired.fixes {
                say(format_args!(
                    "{label}{:?} -> {:?} (undid {}; confidence {:.2})",
                    fix.before,
                    &repaired.text[fix.range.clone()],
                    fix.encodings.join(" then "),
                    fix.confidence
                ));
            }
        }
    };
    if jsonl {
        for (n, line) in input.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut value: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    say(format_args!("cistron: line {}: not JSON: {e}", n + 1));
                    bad_lines += 1;
                    continue;
                }
            };
            let Some(text) = value.get("text").and_then(|t| t.as_str()) else {
                say(format_args!("cistron: line {}: no \"text\" string", n + 1));
                bad_lines += 1;
                continue;
            };
            let repaired = cistron::mojibake::repair(text);
            explain_fixes(&format!("line {}: ", n + 1), &repaired);
            value["text"] = serde_json::Value::String(repaired.text);
            serde_json::to_writer(&mut out, &value)?;
            out.write_all(b"\n")?;
        }
    } else {
        let repaired = cistron::mojibake::repair(&input);
        explain_fixes("", &repaired);
        out.write_all(repaired.text.as_bytes())?;
    }
    out.flush()?;
    Ok(if bad_lines == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
