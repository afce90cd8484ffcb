//! robots.txt (RFC 9309): the rules of the group for dateline's user agent,
//! else of the `*` group; longest match wins, `Allow` wins ties; `*` and `$`
//! in patterns; `Crawl-delay` read from the same group.

/// Most bytes of a robots.txt file read (RFC 9309 asks for at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// The rules that apply to one user agent at one host.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Robots {
    rules: Vec<Rule>,
    /// Seconds to wait between requests, when the group says.
    pub crawl_delay: Option<f64>,
    /// The host cannot be crawled at all (robots.txt was unreachable).
    disallow_all: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

impl Robots {
    /// Rules that allow everything (no robots.txt, or a 4xx for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Rules that allow nothing (robots.txt unreachable: a 5xx or no answer).
    pub fn disallow_all() -> Robots {
        Robots {
            disallow_all: true,
            ..Robots::default()
        }
    }

    /// Parses `text` for the user agent whose product token is `agent`
    /// (for example `dateline`).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let text = match text.char_indices().nth(MAX_ROBOTS_BYTES) {
            Some((i, _)) => &text[..i],
            None => text,
        };
        let agent = agent.to_ascii_lowercase();
        // Groups: consecutive user-agent lines, then their rules.
        let mut mine = Robots::default();
        let mut star = Robots::default();
        let mut found_mine = false;
        let mut current_agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        current_agents.clear();
                        in_rules = false;
                    }
                    current_agents.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" | "crawl-delay" => {
                    in_rules = true;
                    let for_mine = current_agents.iter().any(|a| agent_matches(a, &agent));
                    let for_star = current_agents.iter().any(|a| a == "*");
                    if for_mine {
                        found_mine = true;
                    }
                    for (target, applies) in [(&mut mine, for_mine), (&mut star, for_star)] {
                        if !applies {
                            continue;
                        }
                        if key == "crawl-delay" {
                            if let Ok(d) = value.parse::<f64>() {
                                if d.is_finite() && d >= 0.0 {
                                    target.crawl_delay = Some(d);
                                }
                            }
                        } else if !value.is_empty() {
                            target.rules.push(Rule {
                                allow: key == "allow",
                                pattern: value.to_string(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        if found_mine {
            mine
        } else {
            star
        }
    }

    /// Whether `path` (the URL's path and query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        if self.disallow_all {
            return false;
        }
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if pattern_matches(&rule.pattern, path) {
                let len = rule.pattern.len();
                best = match best {
                    Some((l, allow)) if l > len || (l == len && allow) => Some((l, allow)),
                    _ => Some((len, rule.allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// A group's user-agent value names us when it is our product token (or a
/// prefix of our full user-agent string, as some files write `dateline/1`).
fn agent_matches(value: &str, agent: &str) -> bool {
    !value.is_empty() && value != "*" && (value == agent || agent.starts_with(value))
}

/// Matches a robots.txt path pattern (`*` any run, `$` end) against the
/// start of `path`, iteratively (no recursion, O(pattern x path)).
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let p = pattern.as_bytes();
    let s = path.as_bytes();
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi == p.len() && (!anchored || si == s.len()) {
            return true;
        }
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
            continue;
        }
        if pi < p.len() && si < s.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
            continue;
        }
        match star {
            Some((sp, ss)) if ss < s.len() => {
                star = Some((sp, ss + 1));
                pi = sp + 1;
                si = ss + 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_our_group_else_star() {
        let txt = "User-agent: *\nDisallow: /private\nCrawl-delay: 2\n\n\
                   User-agent: otherbot\nDisallow: /\n";
        let r = Robots::parse(txt, "dateline");
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/news/a"));
        assert_eq!(r.crawl_delay, Some(2.0));

        let txt = "User-agent: *\nDisallow: /\n\nUser-agent: Dateline\nUser-agent: b\nAllow: /\nDisallow: /drafts\n";
        let r = Robots::parse(txt, "dateline");
        assert!(r.allows("/news/a"));
        assert!(!r.allows("/drafts/1"));
        assert_eq!(r.crawl_delay, None);
    }

    #[test]
    fn longest_match_and_wildcards() {
        let txt =
            "User-agent: *\nDisallow: /a\nAllow: /a/open\nDisallow: /*.pdf$\nDisallow: /q?*s=\n";
        let r = Robots::parse(txt, "dateline");
        assert!(!r.allows("/a/x"));
        assert!(r.allows("/a/open/x"));
        assert!(!r.allows("/files/x.pdf"));
        assert!(r.allows("/files/x.pdf?dl=1"));
        assert!(!r.allows("/q?x=1&s=2"));
        assert!(r.allows("/b"));
        assert!(Robots::parse("", "dateline").allows("/"));
        assert!(!Robots::disallow_all().allows("/"));
        // Empty Disallow allows everything.
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "dateline").allows("/x"));
        // Pathological patterns stay fast.
        let p = "*a".repeat(500);
        assert!(!pattern_matches(&p, &"b".repeat(5000)));
    }
}
