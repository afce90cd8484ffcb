//! metadata evaluation.
