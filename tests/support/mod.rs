//! What the binary's integration tests share: running `dateline` as a user
//! would, and a fresh scratch directory per test. Each test file uses a
//! part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the `dateline` binary with `args` from the repository root.
pub fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run dateline")
}

/// `out`, after asserting that the command succeeded (its stderr shown if not).
pub fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The seed page, relative to the repository root.
pub fn seed() -> &'static str {
    "examples/seed-ap-putin.txt"
}

/// An empty directory `dateline-<name>-<pid>` under the system's temporary
/// directory (emptied first if a crashed run left it).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dateline-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
