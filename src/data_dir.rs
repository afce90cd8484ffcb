//! The data directory the commands work on.

use anyhow::{Context, Result};
use dateline_store::Store;
use std::path::{Path, PathBuf};

/// `--data DIR`, declared once for every command that works on a data
/// directory.
#[derive(clap::Args, Debug)]
pub struct DataDir {
    /// The data directory (default: $DATELINE_DATA, else ./dateline-data).
    #[arg(long = "data", value_name = "DIR")]
    path: Option<PathBuf>,
}

impl DataDir {
    /// The directory given with `--data`, else `$DATELINE_DATA`, else
    /// `./dateline-data`.
    fn resolve(&self) -> PathBuf {
        self.path
            .as_deref()
            .map_or_else(dateline_store::default_data_dir, Path::to_path_buf)
    }

    /// Opens the store of a data directory that must already hold one: the
    /// commands that only read or rework stored articles never create an
    /// empty store by accident (a mistyped `--data` would otherwise answer
    /// "nothing found" instead of saying what is wrong).
    pub fn open_existing(&self) -> Result<(PathBuf, Store)> {
        let dir = self.resolve();
        if !dir.join(dateline_store::DB_FILE).exists() {
            anyhow::bail!(
                "no store in {} (run `dateline ingest` first, or pass --data)",
                dir.display()
            );
        }
        open(dir)
    }

    /// Opens the store of a data directory, creating it on first use (the
    /// commands that take news in).
    pub fn open_or_create(&self) -> Result<(PathBuf, Store)> {
        open(self.resolve())
    }
}

fn open(dir: PathBuf) -> Result<(PathBuf, Store)> {
    let store =
        Store::open(&dir).with_context(|| format!("opening the store in {}", dir.display()))?;
    Ok((dir, store))
}
