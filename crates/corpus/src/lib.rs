//! Connecting articles in the corpus: syndicated copies of one story.
