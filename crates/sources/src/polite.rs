//! Polite fetching: robots.txt per host (fetched once, cached), a minimum
//! delay between requests to one host (raised to the host's Crawl-delay),
//! and several hosts fetched at once while each host sees one request at a
//! time.

use crate::robots::{Robots, MAX_ROBOTS_BYTES};
use dateline_input::{InputError, Limits, Reason, Response};
use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a fetched robots.txt is trusted.
pub const ROBOTS_TTL_MS: i64 = 24 * 3600 * 1000;
/// How long an unreachable robots.txt keeps a host closed before retrying.
const ROBOTS_RETRY_MS: i64 = 3600 * 1000;
/// The longest Crawl-delay honoured; a site asking for more gets this.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(120);
/// The robots.txt product token dateline answers to.
pub const ROBOTS_AGENT: &str = "dateline";

/// A robots.txt as fetched, to cache across runs (in the store).
#[derive(Debug, Clone, PartialEq)]
pub struct RobotsRecord {
    /// The origin (`https://host:port`) the file is for.
    pub origin: String,
    /// When it was fetched, ms since the Unix epoch.
    pub fetched_at: i64,
    /// The HTTP status, or 0 when no answer came.
    pub status: u16,
    /// The file's text (empty unless the status was 2xx).
    pub body: String,
}

impl RobotsRecord {
    fn rules(&self) -> Robots {
        match self.status {
            200..=299 => Robots::parse(&self.body, ROBOTS_AGENT),
            // RFC 9309: a 4xx means there are no rules...
            400..=499 => Robots::allow_all(),
            // ...and an unreachable file means nothing may be crawled yet.
            _ => Robots::disallow_all(),
        }
    }

    fn fresh(&self, now_ms: i64) -> bool {
        let unreachable = !(200..500).contains(&self.status);
        let ttl = if unreachable {
            ROBOTS_RETRY_MS
        } else {
            ROBOTS_TTL_MS
        };
        now_ms.saturating_sub(self.fetched_at) < ttl
    }
}

/// One request to make politely; `tag` comes back with its result.
#[derive(Debug, Clone)]
pub struct Job<T> {
    /// The URL.
    pub url: String,
    /// Extra request headers (conditional GET).
    pub headers: Vec<(String, String)>,
    /// The caller's label for the result.
    pub tag: T,
}

#[derive(Default)]
struct Host {
    /// Earliest time the next request may start.
    ready_at: Option<Instant>,
    busy: bool,
}

struct Cached {
    record: RobotsRecord,
    rules: Robots,
    /// Fetched by this process (to be saved), not loaded.
    new: bool,
}

/// A polite fetcher, kept across polling rounds so per-host spacing holds
/// from one round to the next.
pub struct Polite {
    limits: Limits,
    min_delay: Duration,
    hosts: Mutex<HashMap<String, Host>>,
    robots: Mutex<HashMap<String, Cached>>,
    wake: Condvar,
    clock: fn() -> i64,
}

struct Queue<T> {
    jobs: HashMap<String, VecDeque<Job<T>>>,
}

impl Polite {
    /// A fetcher using `limits` for every request and waiting at least
    /// `min_delay` between two requests to one host.
    pub fn new(limits: Limits, min_delay: Duration) -> Polite {
        Polite {
            limits,
            min_delay,
            hosts: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
            wake: Condvar::new(),
            clock: dateline_core::calendar::now_ms,
        }
    }

    /// Seeds the robots.txt cache (from the store).
    pub fn load_robots(&self, records: Vec<RobotsRecord>) {
        let mut cache = lock(&self.robots);
        for record in records {
            let rules = record.rules();
            cache.insert(
                record.origin.clone(),
                Cached {
                    record,
                    rules,
                    new: false,
                },
            );
        }
    }

    /// robots.txt files fetched since the last call, to save.
    pub fn take_new_robots(&self) -> Vec<RobotsRecord> {
        let mut cache = lock(&self.robots);
        cache
            .values_mut()
            .filter(|c| c.new)
            .map(|c| {
                c.new = false;
                c.record.clone()
            })
            .collect()
    }

    /// The delay between requests to `origin`: the minimum, or the host's
    /// Crawl-delay when longer (up to [`MAX_CRAWL_DELAY`]).
    pub fn delay_for(&self, origin: &str) -> Duration {
        let crawl = lock(&self.robots)
            .get(origin)
            .and_then(|c| c.rules.crawl_delay)
            .map(|s| Duration::from_secs_f64(s.min(MAX_CRAWL_DELAY.as_secs_f64())));
        match crawl {
            Some(c) if c > self.min_delay => c,
            _ => self.min_delay,
        }
    }

    /// Fetches every job, at most `workers` hosts at a time, each host one
    /// request at a time and no sooner than its delay after the last one;
    /// `sink` gets each job's tag and result as it completes (from worker
    /// threads). A URL robots.txt disallows is not requested: its result is
    /// an error with [`Reason::Disallowed`].
    pub fn run<T: Send>(
        &self,
        jobs: Vec<Job<T>>,
        workers: usize,
        sink: impl Fn(T, Result<Response, InputError>) + Sync,
    ) {
        let mut queue = Queue {
            jobs: HashMap::new(),
        };
        for job in jobs {
            match origin_of(&job.url) {
                Some(origin) => queue.jobs.entry(origin).or_default().push_back(job),
                None => {
                    let err = InputError {
                        source: job.url.clone(),
                        reason: Reason::BadUrl("not an absolute http(s) URL".into()),
                    };
                    sink(job.tag, Err(err));
                }
            }
        }
        let queue = Mutex::new(queue);
        std::thread::scope(|scope| {
            for _ in 0..workers.max(1) {
                scope.spawn(|| self.worker(&queue, &sink));
            }
        });
    }

    fn worker<T: Send>(
        &self,
        queue: &Mutex<Queue<T>>,
        sink: &(impl Fn(T, Result<Response, InputError>) + Sync),
    ) {
        loop {
            let Some((origin, job)) = self.next_job(queue) else {
                return;
            };
            let outcome = self.fetch_one(&origin, &job);
            let requested = !matches!(
                &outcome,
                Err(InputError {
                    reason: Reason::Disallowed | Reason::BadUrl(_) | Reason::PrivateAddress(_),
                    ..
                })
            );
            {
                let mut hosts = lock(&self.hosts);
                let host = hosts.entry(origin.clone()).or_default();
                host.busy = false;
                if requested {
                    host.ready_at = Some(Instant::now() + self.delay_for(&origin));
                }
            }
            self.wake.notify_all();
            sink(job.tag, outcome);
        }
    }

    /// Waits for a job whose host is free and due; `None` when none remain.
    fn next_job<T>(&self, queue: &Mutex<Queue<T>>) -> Option<(String, Job<T>)> {
        let mut hosts = lock(&self.hosts);
        loop {
            let now = Instant::now();
            let mut earliest: Option<Instant> = None;
            let mut pick = None;
            {
                let q = lock(queue);
                if q.jobs.values().all(VecDeque::is_empty) {
                    return None;
                }
                for (origin, jobs) in &q.jobs {
                    if jobs.is_empty() {
                        continue;
                    }
                    let host = hosts.get(origin);
                    if host.is_some_and(|h| h.busy) {
                        continue;
                    }
                    match host.and_then(|h| h.ready_at) {
                        Some(t) if t > now => {
                            earliest = Some(earliest.map_or(t, |e: Instant| e.min(t)));
                        }
                        _ => {
                            pick = Some(origin.clone());
                            break;
                        }
                    }
                }
            }
            if let Some(origin) = pick {
                let job = lock(queue)
                    .jobs
                    .get_mut(&origin)
                    .and_then(VecDeque::pop_front);
                if let Some(job) = job {
                    hosts.entry(origin.clone()).or_default().busy = true;
                    return Some((origin, job));
                }
                continue;
            }
            // Every host with work is busy or waiting out its delay.
            let wait = earliest.map_or(Duration::from_millis(200), |t| t - now);
            hosts = match self.wake.wait_timeout(hosts, wait) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// robots.txt first (itself a request that the host's delay follows),
    /// then the job's URL if allowed.
    fn fetch_one<T>(&self, origin: &str, job: &Job<T>) -> Result<Response, InputError> {
        let now = (self.clock)();
        let known = lock(&self.robots)
            .get(origin)
            .is_some_and(|c| c.record.fresh(now));
        if !known {
            let record = self.fetch_robots(origin);
            let rules = record.rules();
            lock(&self.robots).insert(
                origin.to_string(),
                Cached {
                    record,
                    rules,
                    new: true,
                },
            );
            // The robots.txt request counts: wait before the next one.
            std::thread::sleep(self.delay_for(origin));
        }
        let allowed = lock(&self.robots)
            .get(origin)
            .is_none_or(|c| c.rules.allows(&path_of(&job.url)));
        if !allowed {
            return Err(InputError {
                source: job.url.clone(),
                reason: Reason::Disallowed,
            });
        }
        let headers: Vec<(&str, &str)> = job
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        dateline_input::fetch_with(&job.url, &headers, &self.limits)
    }

    fn fetch_robots(&self, origin: &str) -> RobotsRecord {
        let url = format!("{origin}/robots.txt");
        let limits = Limits {
            max_bytes: self.limits.max_bytes.min(MAX_ROBOTS_BYTES as u64 * 4),
            ..self.limits.clone()
        };
        let fetched_at = (self.clock)();
        match dateline_input::fetch_with(&url, &[], &limits) {
            Ok(r) => RobotsRecord {
                origin: origin.to_string(),
                fetched_at,
                status: r.status,
                body: if (200..300).contains(&r.status) {
                    String::from_utf8_lossy(&r.page.bytes).into_owned()
                } else {
                    String::new()
                },
            },
            // A robots.txt too large to read is treated as allowing all,
            // as RFC 9309 allows; no answer at all keeps the host closed.
            Err(InputError {
                reason: Reason::TooLarge { .. },
                ..
            }) => RobotsRecord {
                origin: origin.to_string(),
                fetched_at,
                status: 404,
                body: String::new(),
            },
            Err(_) => RobotsRecord {
                origin: origin.to_string(),
                fetched_at,
                status: 0,
                body: String::new(),
            },
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in a sink must not wedge every other worker.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// `scheme://host[:port]` of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host().is_none() {
        return None;
    }
    Some(u.origin().ascii_serialization())
}

fn path_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        },
        Err(_) => "/".to_string(),
    }
}
