//! A document's budget: each stage runs guarded against panics and timed
//! against the document's time limit, and either becomes a [`Failure`] of
//! that stage, which the pipeline turns into an error record.
//!
//! A panic is caught per stage (ruff's `commands/check.rs` does the same per
//! file), so a bug triggered by one input costs that input, not the batch,
//! and the record names the stage where it happened.

use crate::record::{ErrorCode, Stage};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A failure of one document at one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    pub(super) stage: Stage,
    pub(super) code: ErrorCode,
    pub(super) message: String,
}

impl Failure {
    pub(super) fn new(stage: Stage, code: ErrorCode, message: impl Into<String>) -> Self {
        Failure {
            stage,
            code,
            message: message.into(),
        }
    }
}

/// A document's time budget: each stage runs under [`guarded`], and a
/// document that has used up its budget when a stage ends stops there with
/// a `time_limit` error. Stages are linear in their input (the hostile
/// tests check it), so the limit is a last resort for inputs no test
/// foresaw; it is the one thing that can make output depend on the machine,
/// which is why it is generous.
pub(super) struct Clock {
    started: std::time::Instant,
    limit: Option<std::time::Duration>,
}

impl Clock {
    pub(super) fn start(limit: Option<std::time::Duration>) -> Self {
        Clock {
            started: std::time::Instant::now(),
            limit,
        }
    }

    pub(super) fn run<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> Result<T, Failure> {
        let value = guarded(stage, f)?;
        match self.limit {
            Some(limit) if self.started.elapsed() > limit => Err(Failure::new(
                stage,
                ErrorCode::TimeLimit,
                format!(
                    "the document took more than {:.0} s (at stage {}; raise it with --max-seconds)",
                    limit.as_secs_f64(),
                    stage.as_str()
                ),
            )),
            _ => Ok(value),
        }
    }
}

/// Runs one stage, turning a panic into a failure of that stage.
pub(super) fn guarded<T>(stage: Stage, f: impl FnOnce() -> T) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic payload".to_owned());
        Failure::new(
            stage,
            ErrorCode::Panic,
            format!(
                "internal error in stage {}: {detail} (please report this input)",
                stage.as_str()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_stage_becomes_an_error_record() {
        let failure = guarded(Stage::Parse, || -> u8 { panic!("boom") }).unwrap_err();
        assert_eq!(failure.stage, Stage::Parse);
        assert_eq!(failure.code, ErrorCode::Panic);
        assert!(failure.message.contains("boom"));
    }
}
