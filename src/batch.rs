//! Batches: documents streamed through a pool of workers, in input order,
//! in bounded memory.
//!
//! A reader thread pulls documents from the inputs (opening, decompressing,
//! splitting shards) and hands them over in chunks of `jobs ×
//! CHUNK_PER_JOB` documents (or fewer, once they hold `jobs ×
//! CHUNK_BYTES_PER_JOB` bytes) through a channel that holds one chunk. The pool maps a
//! chunk with an indexed parallel map, which keeps input order for free,
//! with two chunks in flight: a worker that finishes its share of one chunk
//! starts on the next instead of waiting for the chunk's slowest document,
//! and the sink writes the older chunk while the workers go on. So memory
//! holds at most four chunks (one being read, one waiting, two being
//! processed or written), whatever the size of the corpus, and the output
//! never waits for the whole batch. Reading overlaps processing, so one
//! reader thread keeps both cores busy.
//!
//! Records contain nothing that depends on threads, clocks or hash order,
//! so the output bytes are the same for any `jobs`.

use crate::boilerplate::template::{site_of, TemplateCounts, Templates};
use crate::input::Loaded;
use crate::pipeline::{Outcome, Pipeline, PipelineError};
use crate::record::{ErrorCode, Record};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// Documents per worker handed to the pool at once. Large enough to keep
/// every core busy across documents of uneven cost, small enough to bound
/// memory.
const CHUNK_PER_JOB: usize = 32;

/// Source bytes per worker at which a chunk closes early, so that memory is
/// bounded by bytes as well as by documents (32 pages of 32 MiB each would
/// be a gigabyte).
const CHUNK_BYTES_PER_JOB: usize = 8 << 20;

/// Chunks in the pool at once (see [`Batch::in_chunks`]).
const IN_FLIGHT: usize = 2;

/// Counts over a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents seen (records + errors).
    pub documents: u64,
    /// Error records, by code.
    pub errors: BTreeMap<ErrorCode, u64>,
    /// Source bytes read.
    pub bytes: u64,
}

impl Summary {
    /// Counts one outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        self.add_record(&outcome.record);
    }

    /// Counts one record.
    pub fn add_record(&mut self, record: &Record) {
        self.documents += 1;
        self.bytes += record.source().bytes.unwrap_or(0);
        if let Some(code) = record.error_code() {
            *self.errors.entry(code).or_default() += 1;
        }
    }

    /// Total error records.
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
}

impl Summary {
    /// Adds another summary's counts.
    pub fn merge(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.bytes += other.bytes;
        for (code, n) in &other.errors {
            *self.errors.entry(*code).or_default() += n;
        }
    }
}

/// A pool of workers for one pipeline.
#[derive(Debug)]
pub struct Batch<'p> {
    pipeline: &'p Pipeline,
    pool: rayon::ThreadPool,
    jobs: usize,
}

impl<'p> Batch<'p> {
    /// Starts `jobs` worker threads (at least one) for `pipeline`.
    pub fn new(pipeline: &'p Pipeline, jobs: usize) -> Result<Self, PipelineError> {
        let jobs = jobs.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .map_err(|source| PipelineError::ThreadPool { jobs, source })?;
        Ok(Batch {
            pipeline,
            pool,
            jobs,
        })
    }

    /// The number of workers.
    pub fn jobs(&self) -> usize {
        self.jobs
    }

    /// Processes `docs` and hands each outcome to `sink` in input order; a
    /// document that could not be read becomes its error record. Stops
    /// early, returning the sink's error, when the sink fails (a closed
    /// pipe, a full disk).
    ///
    /// ```
    /// use cistron::batch::Batch;
    /// use cistron::pipeline::{Config, Document, Origin, Pipeline};
    ///
    /// let pipeline = Pipeline::new(Config::default()).unwrap();
    /// let batch = Batch::new(&pipeline, 2).unwrap();
    /// let docs = (0..3).map(|i| Ok(Document {
    ///     origin: Origin::from_path("d.txt"),
    ///     bytes: format!("document {i}").into_bytes(),
    /// }));
    /// let mut lines = Vec::new();
    /// let (summary, written) = batch.run(docs, None, |o| {
    ///     lines.push(o.line.clone());
    ///     Ok::<(), ()>(())
    /// });
    /// assert_eq!((summary.documents, written), (3, Ok(())));
    /// assert!(lines[2].contains("document 2"));
    /// ```
    pub fn run<D, S, E>(
        &self,
        docs: D,
        templates: Option<&Templates>,
        mut sink: S,
    ) -> (Summary, Result<(), E>)
    where
        D: Iterator<Item = Loaded> + Send,
        S: FnMut(&Outcome) -> Result<(), E>,
    {
        let mut summary = Summary::default();
        let mut result = Ok(());
        self.in_chunks(
            docs,
            |chunk| {
                chunk
                    .into_par_iter()
                    .map(|loaded| match loaded {
                        Ok(doc) => self.pipeline.process_with(&doc, templates),
                        Err(error) => self.pipeline.read_failure(&error),
                    })
                    .collect::<Vec<Outcome>>()
            },
            |outcomes| {
                for outcome in &outcomes {
                    summary.add(outcome);
                    if let Err(e) = sink(outcome) {
                        result = Err(e);
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            },
        );
        (summary, result)
    }

    /// The first pass of a template run: every readable document decoded,
    /// repaired and parsed, its block texts counted per site (same host, or
    /// same folder). Documents that fail here fail again, with their error
    /// record, in the second pass.
    pub fn learn_templates<D>(&self, docs: D) -> Templates
    where
        D: Iterator<Item = Loaded> + Send,
    {
        let mut counts = TemplateCounts::default();
        self.in_chunks(
            docs,
            |chunk| {
                chunk
                    .into_par_iter()
                    .fold(TemplateCounts::default, |mut counts, loaded| {
                        if let Ok(doc) = loaded {
                            if let Some(page) = self.pipeline.parse_only(&doc) {
                                let site = site_of(doc.origin.url.as_deref(), &doc.origin.path);
                                counts.add_page(&site, page.blocks.iter().map(|b| b.text.as_str()));
                            }
                        }
                        counts
                    })
                    .reduce(TemplateCounts::default, |mut a, b| {
                        a.merge(b);
                        a
                    })
            },
            |chunk_counts| {
                counts.merge(chunk_counts);
                ControlFlow::Continue(())
            },
        );
        counts.finish()
    }

    /// Reads `docs` in chunks on a thread of their own, maps each chunk
    /// with `work` in the pool, and hands the results to `each` in input
    /// order on the calling thread, until the documents end or `each`
    /// breaks.
    ///
    /// [`IN_FLIGHT`] chunks are in the pool at once, so that workers done
    /// with one chunk take documents of the next instead of waiting for the
    /// chunk's slowest document, and so that `each` (writing, counting)
    /// runs while the workers go on.
    fn in_chunks<D, R, W, F>(&self, docs: D, work: W, mut each: F)
    where
        D: Iterator<Item = Loaded> + Send,
        R: Send,
        W: Fn(Vec<Loaded>) -> R + Sync,
        F: FnMut(R) -> ControlFlow<()>,
    {
        let size = self.jobs * CHUNK_PER_JOB;
        let max_bytes = self.jobs * CHUNK_BYTES_PER_JOB;
        std::thread::scope(|threads| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Loaded>>(1);
            threads.spawn(move || {
                let mut docs = docs;
                loop {
                    let mut chunk: Vec<Loaded> = Vec::with_capacity(size);
                    let mut bytes = 0;
                    for loaded in docs.by_ref() {
                        bytes += loaded.as_ref().map_or(0, |d| d.bytes.len());
                        chunk.push(loaded);
                        if chunk.len() >= size || bytes >= max_bytes {
                            break;
                        }
                    }
                    // A closed channel means the consumer stopped early.
                    if chunk.is_empty() || tx.send(chunk).is_err() {
                        break;
                    }
                }
            });
            let work = &work;
            self.pool.in_place_scope(move |pool| {
                let mut pending = std::collections::VecDeque::new();
                // The oldest chunk's result, handed to `each`; a job that
                // did not send (it cannot panic: stages are guarded) ends
                // the batch rather than skip documents.
                let mut emit_oldest = |pending: &mut std::collections::VecDeque<_>| {
                    let oldest: Option<std::sync::mpsc::Receiver<R>> = pending.pop_front();
                    match oldest.map(|rx| rx.recv()) {
                        Some(Ok(result)) => each(result),
                        Some(Err(_)) => ControlFlow::Break(()),
                        None => ControlFlow::Continue(()),
                    }
                };
                // `rx` is dropped when this closure returns, which stops the
                // reader if the batch ends early.
                for chunk in rx {
                    let (done, result) = std::sync::mpsc::sync_channel(1);
                    pool.spawn(move |_| {
                        // The receiver is gone only when the batch stopped.
                        let _ = done.send(work(chunk));
                    });
                    pending.push_back(result);
                    if pending.len() >= IN_FLIGHT && emit_oldest(&mut pending).is_break() {
                        return;
                    }
                }
                while !pending.is_empty() {
                    if emit_oldest(&mut pending).is_break() {
                        return;
                    }
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Config, Document, Origin};

    #[test]
    fn batch_keeps_input_order_and_counts() {
        let p = Pipeline::new(Config::default()).unwrap();
        for jobs in [1, 2, 3] {
            let batch = Batch::new(&p, jobs).unwrap();
            let docs = (0..200).map(|i| {
                Ok(Document {
                    origin: Origin::from_path("d"),
                    bytes: format!("doc {i}").into_bytes(),
                })
            });
            let mut lines = Vec::new();
            let (summary, sunk) = batch.run(docs, None, |o| {
                lines.push(o.line.clone());
                Ok::<(), ()>(())
            });
            assert_eq!(sunk, Ok(()));
            assert_eq!(summary.documents, 200);
            assert_eq!(summary.error_count(), 0);
            for (i, line) in lines.iter().enumerate() {
                assert!(line.contains(&format!("\"text\":\"doc {i}\"")), "{line}");
            }
        }
    }

    #[test]
    fn a_failing_sink_stops_the_batch() {
        let p = Pipeline::new(Config::default()).unwrap();
        let batch = Batch::new(&p, 2).unwrap();
        let docs = (0..10_000).map(|_| {
            Ok(Document {
                origin: Origin::from_path("d"),
                bytes: b"x".to_vec(),
            })
        });
        let mut seen = 0;
        let (summary, sunk) = batch.run(docs, None, |_| {
            seen += 1;
            if seen == 5 {
                Err("disk full")
            } else {
                Ok(())
            }
        });
        assert_eq!(sunk, Err("disk full"));
        assert_eq!(summary.documents, 5);
    }
}
