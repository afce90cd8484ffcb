//! polnear evaluation.
