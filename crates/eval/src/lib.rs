//! Quality measures of the dateline pipeline against the benchmarks kept in
//! `../shared/bench`.
