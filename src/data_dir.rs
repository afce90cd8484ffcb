//! The data directory the commands work on.

use anyhow::{Context, Result};
use dateline_store::Store;
use std::path::{Path, PathBuf};

/// The directory given with `--data`, else `$DATELINE_DATA`, else
/// `./dateline-data`.
pub fn resolve(given: Option<&Path>) -> PathBuf {
    given.map_or_else(dateline_store::default_data_dir, Path::to_path_buf)
}

/// Opens the store of a data directory that must already hold one: the
/// commands that only read or rework stored articles never create an empty
/// store by accident (a mistyped `--data` would otherwise answer "nothing
/// found" instead of saying what is wrong).
pub fn open_existing(given: Option<&Path>) -> Result<(PathBuf, Store)> {
    let dir = resolve(given);
    if !dir.join(dateline_store::DB_FILE).exists() {
        anyhow::bail!(
            "no store in {} (run `dateline ingest` first, or pass --data)",
            dir.display()
        );
    }
    let store =
        Store::open(&dir).with_context(|| format!("opening the store in {}", dir.display()))?;
    Ok((dir, store))
}

/// Opens the store of a data directory, creating it on first use (the
/// commands that take news in).
pub fn open_or_create(given: Option<&Path>) -> Result<(PathBuf, Store)> {
    let dir = resolve(given);
    let store =
        Store::open(&dir).with_context(|| format!("opening the store in {}", dir.display()))?;
    Ok((dir, store))
}
