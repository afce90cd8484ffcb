//! The one error type of the evaluations that read files.

use std::fmt;
use std::path::PathBuf;

/// Why an evaluation could not run.
#[derive(Debug)]
pub enum EvalError {
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not in the format the evaluation reads.
    Format {
        /// The file.
        path: PathBuf,
        /// What the file should have been ("in the benchmark's format").
        expected: &'static str,
        /// What was wrong.
        reason: String,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            EvalError::Format {
                path,
                expected,
                reason,
            } => write!(f, "{} is not {expected}: {reason}", path.display()),
        }
    }
}

impl std::error::Error for EvalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EvalError::Io { source, .. } => Some(source),
            EvalError::Format { .. } => None,
        }
    }
}
