//! Options several commands share, declared once so they accept them with
//! the same meaning and defaults: the reading limits of `extract`, `ingest`
//! and `fetch`, and the batch options of `ingest` and `reprocess`.

use dateline_input::Limits;
use std::time::Duration;

/// `--max-bytes`, `--timeout`, `--max-redirects` and `--allow-private`.
#[derive(clap::Args, Debug, Clone)]
pub struct ReadLimits {
    /// Largest page (or feed) accepted, in bytes (after gzip decompression).
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    pub max_bytes: u64,
    /// Seconds allowed for fetching one URL.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Redirects followed when fetching a URL.
    #[arg(long, default_value_t = 5)]
    pub max_redirects: usize,
    /// Allow fetching URLs on loopback, private or link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
}

impl ReadLimits {
    /// The limits on reading files and fetching URLs.
    pub fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_bytes,
            timeout: Duration::from_secs(self.timeout),
            max_redirects: self.max_redirects,
            allow_private: self.allow_private,
        }
    }

    /// The extractor's options: the same size limit on decoded pages.
    pub fn extract_options(&self) -> dateline_extract::Options {
        dateline_extract::Options {
            max_input_bytes: usize::try_from(self.max_bytes).unwrap_or(usize::MAX),
            ..Default::default()
        }
    }

    /// The options as command-line arguments, to hand them on to another
    /// command's parser.
    pub fn to_args(&self) -> Vec<String> {
        let mut v = vec![
            "--max-bytes".into(),
            self.max_bytes.to_string(),
            "--timeout".into(),
            self.timeout.to_string(),
            "--max-redirects".into(),
            self.max_redirects.to_string(),
        ];
        if self.allow_private {
            v.push("--allow-private".into());
        }
        v
    }
}

/// `--batch`, `-j/--threads` and `-q/--quiet`: how a command that extracts
/// or analyses many articles into the store works through them.
#[derive(clap::Args, Debug, Clone)]
pub struct BatchOptions {
    /// Articles written per transaction: a crash loses at most one batch.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Worker threads for extraction and analysis (default: all cores).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
    /// Print each failure only as a count in the summary.
    #[arg(short, long)]
    pub quiet: bool,
}

impl BatchOptions {
    /// Articles per transaction, at least one.
    pub fn batch(&self) -> usize {
        self.batch.max(1)
    }

    /// The worker pool for the parallel part.
    pub fn pool(&self) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads.unwrap_or(0))
            .build()
    }
}
