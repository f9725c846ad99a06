//! mtcl: quality objectives (mục tiêu chất lượng) of a Vietnamese vocational school, from the
//! faculties' Excel workbooks to the signed documents.
//!
//! Data flows one way: definitions (checked up front) → workbooks → typed records with
//! provenance → indicators per unit → reports, with issues collected all along. This crate
//! is the whole engine; `main.rs` only maps its outcome to an exit code.

pub mod cli;
pub mod cmd;
pub mod compute;
pub mod dataset;
pub mod definitions;
pub mod diag;
pub mod exact;
pub mod explain;
pub mod i18n;
pub mod ingest;
pub mod model;
pub mod oserr;
pub mod panics;
pub mod period;
pub mod platform;
pub mod report;
pub mod schema;
pub mod text;
pub mod validate;
pub mod watch;
pub mod workspace;

/// How a command ended when it could run: exit 0, or exit 1 when data errors were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    DataErrors,
}

/// A command that could not run (bad definitions, missing folder, usage): exit 2, nothing
/// written. The message is ready to print, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannotRun(pub String);
