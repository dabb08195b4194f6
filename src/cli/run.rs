//! `cistron run`: options (command line over config file over defaults),
//! progress, and the two ways of writing: one stream, or an output
//! directory with one file per shard.

use super::{say, JudgeArg, MediaArg, Usage};
use anyhow::{Context, Result};
use cistron::batch::{Batch, Summary};
use cistron::input::{self, Input, InputFormat, ReadOptions, DEFAULT_MAX_DECOMPRESSED_BYTES};
use cistron::outdir::{self, Manifest, OnExists, OutDir};
use cistron::output_file::AtomicFile;
use cistron::pipeline::{Config, Outcome, Pipeline, DEFAULT_MAX_BYTES};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub(super) struct RunArgs {
    /// Files or directories (walked recursively, in sorted order); `-` reads
    /// standard input as a stream (a document, or a JSONL or WARC shard).
    paths: Vec<PathBuf>,
    /// Read more paths from FILE, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// Write records to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// Write one JSONL file per input shard into DIR, error records beside
    /// them, and `_summary.json` and `_manifest.json`.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// With --out-dir, what to do with a shard whose output exists: `skip`
    /// resumes an interrupted run [default: error].
    #[arg(long, value_enum, value_name = "POLICY")]
    on_exists: Option<OnExistsArg>,
    /// The container format of the inputs [default: auto, from magic bytes,
    /// extension and first bytes].
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<FormatArg>,
    /// A compressed input stops with a `too_large` error after this many
    /// decompressed bytes [default: 17179869184, 16 GiB].
    #[arg(long, value_name = "BYTES")]
    max_decompressed_bytes: Option<u64>,
    /// Worker threads, 1 to 1024 [default: the number of CPUs].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS as i64))]
    jobs: Option<u16>,
    /// Read the batch twice: first to find lines that repeat across the
    /// pages of each site (same host, or same folder), then to remove them
    /// as template boilerplate.
    #[arg(long)]
    templates: bool,
    /// A progress bar on standard error [default: auto, when it is a
    /// terminal and not --quiet].
    #[arg(long, value_enum, value_name = "WHEN")]
    progress: Option<ProgressArg>,
    /// Print nothing on standard error but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the settings and one line per shard on standard error.
    #[arg(short, long)]
    verbose: bool,
    /// Read settings from a TOML file whose keys are the long options
    /// (`jobs = 4`, `on-exists = "skip"`); options given here win.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the settings in effect, as a config file, and exit.
    #[arg(long)]
    print_config: bool,
    #[command(flatten)]
    read: super::ReadArgs,
}

/// The most worker threads a run starts: past the cores of any machine
/// Cistron runs on, and far below what a thread stack budget allows.
const MAX_JOBS: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum OnExistsArg {
    Skip,
    Replace,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FormatArg {
    Auto,
    Document,
    Jsonl,
    Warc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ProgressArg {
    Auto,
    Always,
    Never,
}

/// The settings of a run: what a config file holds, and what
/// `--print-config` prints. Every key is a long option.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    out_dir: Option<PathBuf>,
    on_exists: Option<OnExistsArg>,
    input_format: Option<FormatArg>,
    media_type: Option<MediaArg>,
    max_bytes: Option<u64>,
    max_decompressed_bytes: Option<u64>,
    max_seconds: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    knowledge: Option<PathBuf>,
    judge: Option<JudgeArg>,
    jobs: Option<usize>,
    templates: Option<bool>,
    progress: Option<ProgressArg>,
    quiet: Option<bool>,
    verbose: Option<bool>,
}

impl Settings {
    fn from_args(args: &RunArgs) -> Settings {
        Settings {
            output: args.output.clone(),
            out_dir: args.out_dir.clone(),
            on_exists: args.on_exists,
            input_format: args.input_format,
            media_type: args.read.media_type,
            max_bytes: args.read.max_bytes,
            max_decompressed_bytes: args.max_decompressed_bytes,
            max_seconds: args.read.max_seconds,
            knowledge: args.read.knowledge.clone(),
            judge: args.read.judge,
            jobs: args.jobs.map(usize::from),
            templates: args.templates.then_some(true),
            progress: args.progress,
            quiet: args.quiet.then_some(true),
            verbose: args.verbose.then_some(true),
        }
    }

    /// Each setting from `self`, or else from `file`.
    fn or(self, file: Settings) -> Settings {
        Settings {
            output: self.output.or(file.output),
            out_dir: self.out_dir.or(file.out_dir),
            on_exists: self.on_exists.or(file.on_exists),
            input_format: self.input_format.or(file.input_format),
            media_type: self.media_type.or(file.media_type),
            max_bytes: self.max_bytes.or(file.max_bytes),
            max_decompressed_bytes: self.max_decompressed_bytes.or(file.max_decompressed_bytes),
            max_seconds: self.max_seconds.or(file.max_seconds),
            knowledge: self.knowledge.or(file.knowledge),
            judge: self.judge.or(file.judge),
            jobs: self.jobs.or(file.jobs),
            templates: self.templates.or(file.templates),
            progress: self.progress.or(file.progress),
            quiet: self.quiet.or(file.quiet),
            verbose: self.verbose.or(file.verbose),
        }
    }

    /// Every unset setting at its default.
    fn with_defaults(self) -> Settings {
        Settings {
            on_exists: self.on_exists.or(Some(OnExistsArg::Error)),
            input_format: self.input_format.or(Some(FormatArg::Auto)),
            media_type: self.media_type.or(Some(MediaArg::Auto)),
            judge: self.judge.or(Some(JudgeArg::Auto)),
            max_bytes: self.max_bytes.or(Some(DEFAULT_MAX_BYTES)),
            max_decompressed_bytes: self
                .max_decompressed_bytes
                .or(Some(DEFAULT_MAX_DECOMPRESSED_BYTES)),
            max_seconds: self
                .max_seconds
                .or(Some(cistron::pipeline::DEFAULT_TIME_LIMIT.as_secs_f64())),
            jobs: self.jobs.or_else(|| {
                Some(
                    std::thread::available_parallelism()
                        .map_or(1, |n| usize::from(n).min(MAX_JOBS)),
                )
            }),
            templates: self.templates.or(Some(false)),
            progress: self.progress.or(Some(ProgressArg::Auto)),
            quiet: self.quiet.or(Some(false)),
            verbose: self.verbose.or(Some(false)),
            ..self
        }
    }

    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: match self.input_format.unwrap_or(FormatArg::Auto) {
                FormatArg::Auto => InputFormat::Auto,
                FormatArg::Document => InputFormat::Document,
                FormatArg::Jsonl => InputFormat::Jsonl,
                FormatArg::Warc => InputFormat::Warc,
            },
            max_bytes: self.max_bytes.unwrap_or(DEFAULT_MAX_BYTES),
            max_decompressed_bytes: self
                .max_decompressed_bytes
                .unwrap_or(DEFAULT_MAX_DECOMPRESSED_BYTES),
        }
    }

    fn pipeline_config(&self) -> Config {
        Config::default()
            .with_max_bytes(self.max_bytes.unwrap_or(DEFAULT_MAX_BYTES))
            .with_media_type(self.media_type.unwrap_or_default().media_type())
            .with_time_limit(super::time_limit(self.max_seconds))
            .with_knowledge_dir(self.knowledge.clone())
            .with_judge(self.judge.unwrap_or_default().judge())
    }

    /// The settings that shape the records, for the manifest: not the
    /// thread count, the progress or the verbosity, which do not.
    fn shaping(&self) -> BTreeMap<String, serde_json::Value> {
        let options = self.read_options();
        let mut shaping = BTreeMap::from([
            ("input-format".to_owned(), options.format.as_str().into()),
            (
                "media-type".to_owned(),
                serde_json::to_value(self.media_type.unwrap_or_default()).unwrap_or_default(),
            ),
            ("max-bytes".to_owned(), options.max_bytes.into()),
            (
                "judge".to_owned(),
                serde_json::to_value(self.judge.unwrap_or_default()).unwrap_or_default(),
            ),
            (
                "max-decompressed-bytes".to_owned(),
                options.max_decompressed_bytes.into(),
            ),
            (
                "templates".to_owned(),
                self.templates.unwrap_or(false).into(),
            ),
            (
                "max-seconds".to_owned(),
                self.max_seconds.unwrap_or_default().into(),
            ),
        ]);
        // A curator's tables shape the records: named when used (a run
        // without them keeps the manifest it always had).
        if let Some(dir) = &self.knowledge {
            shaping.insert(
                "knowledge".to_owned(),
                dir.to_string_lossy().into_owned().into(),
            );
        }
        shaping
    }
}

fn load_settings(args: &RunArgs) -> Result<Settings> {
    let file = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the config file {}", path.display()))?;
            toml::from_str::<Settings>(&text)
                .map_err(|e| Usage(format!("config file {}: {e}", path.display())))?
        }
        None => Settings::default(),
    };
    let settings = Settings::from_args(args).or(file).with_defaults();
    if settings.output.is_some() && settings.out_dir.is_some() {
        return Err(Usage("`output` and `out-dir` cannot both be set".into()).into());
    }
    if let Some(jobs) = settings.jobs.filter(|j| !(1..=MAX_JOBS).contains(j)) {
        return Err(Usage(format!("jobs must be from 1 to {MAX_JOBS}, not {jobs}")).into());
    }
    super::check_seconds(settings.max_seconds)?;
    Ok(settings)
}

pub(super) fn run(args: RunArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let settings = load_settings(&args)?;
    if args.print_config {
        let text = toml::to_string(&settings).context("cannot print the settings")?;
        io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let inputs = inputs(&args, &settings)?;
    let jobs = settings.jobs.unwrap_or(1);
    let verbose = settings.verbose == Some(true);
    let quiet = settings.quiet == Some(true);
    if verbose {
        if let Ok(text) = toml::to_string(&settings) {
            say(format_args!("cistron: settings\n{}", text.trim_end()));
        }
    }
    let pipeline = Pipeline::new(settings.pipeline_config())?;
    let batch = Batch::new(&pipeline, jobs)?;
    let options = settings.read_options();
    let progress = progress_bar(settings.progress.unwrap_or(ProgressArg::Auto), quiet);
    // The directory is checked before any work, so that `--on-exists
    // error` fails at once, not after a template pass.
    let target = match &settings.out_dir {
        Some(dir) => {
            let shards = outdir::plan(&inputs, options.format);
            let on_exists = match settings.on_exists.unwrap_or(OnExistsArg::Error) {
                OnExistsArg::Skip => OnExists::Skip,
                OnExistsArg::Replace => OnExists::Replace,
                OnExistsArg::Error => OnExists::Error,
            };
            let out = OutDir::create(dir, on_exists, &shards, settings.shaping())?;
            Some((shards, out))
        }
        None => None,
    };
    let templates = if settings.templates == Some(true) {
        if inputs.contains(&Input::Stdin) {
            return Err(Usage(
                "--templates reads the batch twice; standard input can be read only once".into(),
            )
            .into());
        }
        Some(batch.learn_templates(inputs.iter().flat_map(|i| input::open(i, &options))))
    } else {
        None
    };

    let summary = match &target {
        Some((shards, out)) => {
            let mut done = Vec::with_capacity(shards.len());
            for shard in shards {
                let counts = out.write_shard(shard, &batch, &options, templates.as_ref(), |o| {
                    progress.tick(o)
                })?;
                if verbose {
                    progress.say(&format!(
                        "cistron: {} -> {}: {} documents, {} errors{}",
                        counts.input,
                        counts.output,
                        counts.documents,
                        counts.errors.values().sum::<u64>(),
                        if counts.skipped {
                            " (done before, kept)"
                        } else {
                            ""
                        }
                    ));
                }
                done.push(counts);
            }
            out.finish(&done, &Manifest::new(&done, settings.shaping()))?
        }
        None => stream(
            &settings,
            &inputs,
            &batch,
            &options,
            templates.as_ref(),
            &progress,
        )?,
    };
    progress.finish();
    if !quiet {
        say(format_args!(
            "{}",
            describe(&summary, started.elapsed().as_secs_f64(), jobs)
        ));
    }
    Ok(if summary.error_count() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The inputs named on the command line and in `--files-from`, without
/// the run's own output.
fn inputs(args: &RunArgs, settings: &Settings) -> Result<Vec<Input>> {
    let mut paths = args.paths.clone();
    let stdin_list = args
        .files_from
        .as_ref()
        .is_some_and(|l| l.as_os_str() == "-");
    if stdin_list && paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Usage(
            "`--files-from -` and the path `-` both want standard input; use one".into(),
        )
        .into());
    }
    if let Some(list) = &args.files_from {
        let bytes = if list.as_os_str() == "-" {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("cannot read the file list from standard input")?;
            bytes
        } else {
            std::fs::read(list)
                .with_context(|| format!("cannot read the file list {}", list.display()))?
        };
        paths.extend(input::paths_from_list(&bytes));
    }
    if paths.is_empty() {
        anyhow::bail!(
            "no input: give files, directories, `-` or --files-from (see cistron run --help)"
        );
    }
    // A path typed on the command line that is not there is a typo: say so
    // before any work. (Paths from --files-from are data, and a missing one
    // becomes a `read_failed` record like any unreadable document.)
    if let Some(missing) = args
        .paths
        .iter()
        .find(|p| p.as_os_str() != "-" && std::fs::symlink_metadata(p).is_err())
    {
        return Err(Usage(format!("{}: no such file or directory", missing.display())).into());
    }
    let mut inputs = input::collect(&paths);
    // A run must not read its own output (a previous run's file, or the
    // one about to be truncated).
    let own_file = settings.output.as_ref().and_then(|o| o.canonicalize().ok());
    let own_dir = settings
        .out_dir
        .as_ref()
        .and_then(|d| d.canonicalize().ok());
    inputs.retain(|i| {
        let Input::File(path) = i else { return true };
        let Ok(path) = path.canonicalize() else {
            return true;
        };
        Some(&path) != own_file.as_ref() && !own_dir.as_ref().is_some_and(|d| path.starts_with(d))
    });
    Ok(inputs)
}

/// Every record to one stream (a file or standard output), errors in-band:
/// the filter mode engines such as Spark pipe through.
fn stream(
    settings: &Settings,
    inputs: &[Input],
    batch: &Batch<'_>,
    options: &ReadOptions,
    templates: Option<&cistron::boilerplate::template::Templates>,
    progress: &Progress,
) -> Result<Summary> {
    // A file is written whole or not at all (a temporary file renamed at
    // the end); a FIFO, a device or /dev/stdout named as the output is
    // written in place, as renaming over it would replace it.
    let mut out = match &settings.output {
        Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Records::Plain(BufWriter::with_capacity(1 << 16, Box::new(file)))
        }
        Some(path) => Records::Atomic(
            AtomicFile::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Records::Plain(BufWriter::with_capacity(
            1 << 16,
            Box::new(io::stdout().lock()),
        )),
    };
    let docs = inputs.iter().flat_map(|i| input::open(i, options));
    let (summary, written) = batch.run(docs, templates, |outcome| {
        progress.tick(outcome);
        out.write_all(outcome.line.as_bytes())?;
        out.write_all(b"\n")
    });
    match written.and_then(|()| out.finish()) {
        Ok(()) => {}
        // A reader that has seen enough (`| head`) is not an error; the
        // records it did get still decide the exit status.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e).context("cannot write records"),
    }
    Ok(summary)
}

/// Where a stream of records goes.
enum Records<'a> {
    /// A file, put in place whole at the end.
    Atomic(AtomicFile),
    /// Standard output, or a FIFO or device named as the output.
    Plain(BufWriter<Box<dyn Write + 'a>>),
}

impl Records<'_> {
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Records::Atomic(file) => file.write_all(bytes),
            Records::Plain(out) => out.write_all(bytes),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Records::Atomic(file) => file.commit(),
            Records::Plain(mut out) => out.flush(),
        }
    }
}

/// The progress bar, or nothing.
struct Progress {
    bar: Option<ProgressBar>,
    bytes: std::cell::Cell<u64>,
}

fn progress_bar(when: ProgressArg, quiet: bool) -> Progress {
    let show = match when {
        ProgressArg::Always => true,
        ProgressArg::Never => false,
        ProgressArg::Auto => !quiet && io::stderr().is_terminal(),
    };
    let bar = show.then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} {elapsed_precise} {human_pos} docs, {msg}, {per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar
    });
    Progress {
        bar,
        bytes: std::cell::Cell::new(0),
    }
}

impl Progress {
    fn tick(&self, outcome: &Outcome) {
        if let Some(bar) = &self.bar {
            let bytes = self.bytes.get() + outcome.record.source().bytes.unwrap_or(0);
            self.bytes.set(bytes);
            bar.inc(1);
            bar.set_message(format!("{:.1} MB", bytes as f64 / 1e6));
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| say(format_args!("{line}"))),
            None => say(format_args!("{line}")),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn describe(summary: &Summary, seconds: f64, jobs: usize) -> String {
    let errors = summary.error_count();
    let mut line = format!(
        "cistron: {} documents, {} records, {} errors",
        summary.documents,
        summary.documents - errors,
        errors
    );
    if errors > 0 {
        let by_code: Vec<String> = summary
            .errors
            .iter()
            .map(|(code, n)| format!("{}: {n}", code.as_str()))
            .collect();
        line.push_str(&format!(" ({})", by_code.join(", ")));
    }
    let rate = if seconds > 0.0 {
        summary.documents as f64 / seconds
    } else {
        0.0
    };
    line.push_str(&format!(
        "; {:.1} MB in {seconds:.2} s with {jobs} jobs, {rate:.0} docs/s",
        summary.bytes as f64 / 1e6
    ));
    line
}
