//! `dateline fetch`: subscribe to feeds and poll them politely, sending new
//! items' pages through the same path as `dateline ingest`.

use crate::ingest_cmd;
use anyhow::{Context, Result};
use clap::{Args as _, FromArgMatches as _};
use dateline_sources::polite::Polite;
use dateline_sources::poll::{fetch_items, PollOptions, Poller};
use dateline_store::{FeedLedger, FeedState, Store};
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `dateline fetch`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
  dateline fetch https://example.com/rss.xml     # subscribe, then poll what is due\n  \
  dateline fetch subscriptions.opml              # subscribe to every feed listed\n  \
  dateline fetch                                 # poll the feeds that are due\n  \
  dateline fetch --watch --interval 600          # keep polling\n  \
  dateline fetch --status                        # the per-feed table only\n\n\
Polling is polite: conditional GET (ETag, Last-Modified), robots.txt per host \
(Disallow and Crawl-delay for `dateline` and `*`), one request at a time per host \
with --min-delay between them, and a doubling wait after each failure.")]
pub struct Args {
    /// Feed URLs or OPML lists (files or URLs) to subscribe to first.
    #[arg(value_name = "SOURCE")]
    sources: Vec<String>,
    #[command(flatten)]
    data: crate::data_dir::DataDir,
    /// Keep polling: sleep until the next feed is due, then poll again.
    #[arg(long)]
    watch: bool,
    /// Seconds between polls of a feed (failures wait longer, doubling).
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    interval: u64,
    /// Seconds between two requests to one host (raised by a robots.txt
    /// Crawl-delay).
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    min_delay: f64,
    /// Longest wait after repeated failures, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 86_400)]
    max_backoff: u64,
    /// Poll every feed now, due or not.
    #[arg(long)]
    force: bool,
    /// Print the per-feed status table and exit.
    #[arg(long)]
    status: bool,
    /// Unsubscribe from these feed URLs (the stored pages stay).
    #[arg(long, value_name = "URL")]
    remove: Vec<String>,
    /// Hosts fetched at once.
    #[arg(long, default_value_t = 4)]
    workers: usize,
    /// Pages stored per transaction.
    #[arg(long, default_value_t = 32)]
    batch: usize,
    #[command(flatten)]
    limits: crate::options::ReadLimits,
    /// Status table as JSON Lines instead of a table.
    #[arg(long)]
    json: bool,
    /// Print each failure only as a count in the summary.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (dir, store) = args.data.open_or_create()?;
    if args.status {
        print_status(&store.feeds()?, args.json);
        return Ok(ExitCode::SUCCESS);
    }
    let limits = args.limits.limits();
    let min_delay = Duration::try_from_secs_f64(args.min_delay)
        .context("--min-delay must be a number of seconds, 0 or more")?;
    let polite = Polite::new(limits, min_delay);
    let options = PollOptions {
        interval: Duration::from_secs(args.interval.max(1)),
        max_backoff: Duration::from_secs(args.max_backoff),
        workers: args.workers.max(1),
        ..PollOptions::default()
    };
    let poller = Poller::new(&store, &polite, options)?;
    let mut failed = false;
    for url in &args.remove {
        if !store.unsubscribe(url)? {
            eprintln!("error: {url}: not subscribed");
            failed = true;
        }
    }
    let mut first_polls = Vec::new();
    for source in &args.sources {
        match poller.subscribe(source) {
            Ok(s) => {
                let new = s.feeds.iter().filter(|(_, new)| *new).count();
                eprintln!(
                    "{source}: {} feed{} ({new} new subscription{})",
                    s.feeds.len(),
                    if s.feeds.len() == 1 { "" } else { "s" },
                    if new == 1 { "" } else { "s" }
                );
                first_polls.extend(s.polled);
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    let mut force = args.force;
    let mut session = None;
    loop {
        let mut polled = std::mem::take(&mut first_polls);
        let already: Vec<i64> = polled.iter().map(|p| p.feed.id).collect();
        polled.extend(
            poller
                .poll_due(dateline_store::now_ms(), force)?
                .into_iter()
                .filter(|p| !already.contains(&p.feed.id)),
        );
        force = false;
        let mut items: Vec<(String, Option<i64>)> = Vec::new();
        for p in &polled {
            for url in &p.new_items {
                if !items.iter().any(|(u, _)| u == url) {
                    items.push((url.clone(), Some(p.feed.id)));
                }
            }
        }
        if !items.is_empty() {
            // Opened at the first items and kept: a watch does not reload
            // the copy index and story clusterer at every round.
            if session.is_none() {
                session = Some(ingest_cmd::Session::open(&ingest_args(&args, &dir)?)?);
            }
            if let Some(session) = session.as_mut() {
                failed |= ingest_items(session, &poller, items)?;
            }
        }
        print_status(&store.feeds()?, args.json);
        if !args.watch {
            break;
        }
        let next = store.feeds()?.iter().map(|f| f.next_poll).min();
        let wait_ms = next.map_or(i64::try_from(args.interval).unwrap_or(900) * 1000, |n| {
            n - dateline_store::now_ms()
        });
        let wait =
            Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0)).max(Duration::from_secs(1));
        eprintln!("next poll in {}", human_duration(wait.as_secs() as i64));
        std::thread::sleep(wait);
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Fetches the new items politely on worker threads while the ingest path
/// extracts and stores them as they arrive; then records which were
/// fetched. Whether any item failed.
fn ingest_items(
    session: &mut ingest_cmd::Session,
    poller: &Poller<'_, Store>,
    items: Vec<(String, Option<i64>)>,
) -> Result<bool> {
    eprintln!("fetching {} new item(s)", items.len());
    let polite = poller.polite();
    let workers = poller.options().workers;
    let (tx, rx) = std::sync::mpsc::sync_channel(64);
    let (outcomes, code) = std::thread::scope(|scope| {
        let fetcher = scope.spawn(move || {
            fetch_items(polite, workers, items, |page| {
                // The receiver only goes away when ingest failed; the
                // error is reported from there.
                let _ = tx.send(page);
            })
        });
        let code = session.run(&[], Some(Box::new(rx.into_iter())));
        let outcomes = fetcher.join().unwrap_or_default();
        (outcomes, code)
    });
    let code = code?;
    poller.record_items(&outcomes)?;
    Ok(code != ExitCode::SUCCESS)
}

/// `dateline ingest`'s arguments for the fetched pages, parsed the way the
/// command line would be so they follow that command's options and defaults.
fn ingest_args(args: &Args, dir: &std::path::Path) -> Result<ingest_cmd::Args> {
    let mut argv: Vec<String> = vec![
        "ingest".into(),
        "--data".into(),
        dir.display().to_string(),
        "--batch".into(),
        args.batch.max(1).to_string(),
    ];
    argv.extend(args.limits.to_args());
    if args.quiet {
        argv.push("--quiet".into());
    }
    // The pages come from the fetcher; the source argument is a name only.
    argv.push("(fetched feed items)".into());
    let command = ingest_cmd::Args::augment_args(clap::Command::new("ingest"));
    let matches = command.try_get_matches_from(argv)?;
    Ok(ingest_cmd::Args::from_arg_matches(&matches)?)
}

fn print_status(feeds: &[FeedState], json: bool) {
    let now = dateline_store::now_ms();
    if json {
        for f in feeds {
            let line = serde_json::json!({
                "feed": f.url,
                "title": f.title,
                "last_fetch": f.last_fetch,
                "http_status": f.last_status,
                "new_items": f.last_new,
                "next_poll": f.next_poll,
                "failures": f.failures,
                "last_error": f.last_error,
            });
            outln!("{line}");
        }
        return;
    }
    if feeds.is_empty() {
        outln!("no feeds subscribed (add some: dateline fetch FEED_URL or an OPML file)");
        return;
    }
    let rows: Vec<[String; 6]> = feeds
        .iter()
        .map(|f| {
            [
                shorten(&f.url, 60),
                f.last_fetch.map_or("never".into(), |t| {
                    format!("{} ago", human_duration((now - t) / 1000))
                }),
                f.last_status.map_or("-".into(), |s| s.to_string()),
                f.last_new.to_string(),
                if f.next_poll <= now {
                    "due".into()
                } else {
                    format!("in {}", human_duration((f.next_poll - now) / 1000))
                },
                match &f.last_error {
                    Some(e) if f.failures > 1 => {
                        format!("{} ({} in a row)", shorten(e, 60), f.failures)
                    }
                    Some(e) => shorten(e, 60),
                    None => String::new(),
                },
            ]
        })
        .collect();
    let header = [
        "FEED",
        "LAST FETCH",
        "HTTP",
        "NEW",
        "NEXT POLL",
        "LAST ERROR",
    ];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let text: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        outln!("{}", text.join("  ").trim_end());
    };
    line(&header.map(String::from));
    for row in &rows {
        line(row);
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

fn human_duration(secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        0..=119 => format!("{secs}s"),
        120..=7199 => format!("{}m", secs / 60),
        7200..=172_799 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}
