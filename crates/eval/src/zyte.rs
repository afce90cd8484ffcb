//! zyte evaluation.
