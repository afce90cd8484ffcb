//! Quality measures of the dateline pipeline against the benchmarks kept in
//! `../shared/bench`.
//!
//! Each module scores one stage against one benchmark and returns a report
//! that prints as a table and serialises as JSON.

mod error;
pub mod metadata;
pub mod polnear;
pub mod speakers;
pub mod zyte;

pub use error::EvalError;
