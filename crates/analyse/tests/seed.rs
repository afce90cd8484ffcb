//! The seed article against its hand-written expected reading
//! (`../shared/seed/expected.json`, rules in `../shared/seed/README.md`).

use dateline_analyse::analyse;
use dateline_core::{Analysis, Article, Block, Dateline, EntityKind, QuoteKind};
use serde_json::Value;
use std::path::Path;

fn seed_article() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed-ap-putin.txt");
    let text = std::fs::read_to_string(path).expect("seed text is in the repository");
    let paras: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = paras
        .iter()
        .position(|p| p.starts_with("HAMBURG, Germany >>"))
        .expect("dateline paragraph");
    let last = paras
        .iter()
        .position(|p| p.starts_with("He particularly hailed"))
        .expect("last paragraph");
    let mut a = Article::new();
    for (i, p) in paras[first..=last].iter().enumerate() {
        let t = if i == 0 {
            p.trim_start_matches("HAMBURG, Germany >>").trim()
        } else {
            p
        };
        a.body.push(Block::Paragraph {
            text: t.to_string(),
        });
    }
    a.story_date = Some("2017-07-08".into());
    a.published = Some("2017-07-09".into());
    a.agency = Some("Associated Press".into());
    a.dateline = Some(Dateline {
        as_written: "HAMBURG, Germany".into(),
        city: Some("Hamburg".into()),
        country: Some("Germany".into()),
        ..Default::default()
    });
    a
}

/// Lower-cased words with straight and curly apostrophes made equal, each
/// with its byte offset.
fn words(s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_alphanumeric() || (c == '\'' && !cur.is_empty()) {
            if cur.is_empty() {
                start = i;
            }
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push((
                start,
                std::mem::take(&mut cur).trim_end_matches('\'').to_string(),
            ));
        }
    }
    if !cur.is_empty() {
        out.push((start, cur.trim_end_matches('\'').to_string()));
    }
    out
}

/// Offsets of each word of `needle` in `body`, where the words first occur in a row.
fn locate(body: &[(usize, String)], needle: &str) -> Option<Vec<usize>> {
    let n: Vec<String> = words(needle).into_iter().map(|w| w.1).collect();
    if n.is_empty() {
        return None;
    }
    (0..body.len().saturating_sub(n.len() - 1))
        .find(|&i| n.iter().enumerate().all(|(k, w)| body[i + k].1 == *w))
        .map(|i| body[i..i + n.len()].iter().map(|w| w.0).collect())
}

fn load_expected() -> Option<Value> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/expected.json");
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(serde_json::from_str(&s).expect("expected.json parses")),
        Err(_) => {
            eprintln!("skipping: ../shared not found ({})", p.display());
            None
        }
    }
}

fn covered(a: &Analysis, offset: usize, speaker: &str, kinds: &[QuoteKind]) -> bool {
    a.quotes.iter().any(|q| {
        kinds.contains(&q.kind)
            && q.speaker.as_deref() == Some(speaker)
            && q.spans.iter().any(|s| s.start <= offset && offset < s.end)
    })
}

#[test]
fn seed_entities_quotes_and_dates() {
    let Some(exp) = load_expected() else { return };
    let article = seed_article();
    assert_eq!(article.body.len(), 14);
    let a = analyse(&article);
    let body = article.body_text();
    let bw = words(&body);
    let mut failures: Vec<String> = Vec::new();

    // Direct and partial quotes: at least 90% of the words covered by quotes
    // of the right speaker.
    for (list, kinds) in [
        ("direct", &[QuoteKind::Direct][..]),
        ("partial", &[QuoteKind::Partial, QuoteKind::Direct][..]),
    ] {
        for q in exp["quotes"][list].as_array().expect("quote list") {
            let text = q["text"].as_str().unwrap_or_default();
            let speaker = q["speaker"].as_str().unwrap_or_default();
            let Some(offs) = locate(&bw, text) else {
                failures.push(format!("{list} quote not in body text: {text}"));
                continue;
            };
            let n = offs
                .iter()
                .filter(|&&o| covered(&a, o, speaker, kinds))
                .count();
            if n * 10 < offs.len() * 9 {
                failures.push(format!(
                    "{list} quote {n}/{} words covered for {speaker}: {text}",
                    offs.len()
                ));
            }
        }
    }
    // Indirect: reported speech starting near the expected words.
    for q in exp["quotes"]["indirect"].as_array().expect("indirect list") {
        let text = q["text_starts"].as_str().unwrap_or_default();
        let speaker = q["speaker"].as_str().unwrap_or_default();
        let Some(offs) = locate(&bw, text) else {
            failures.push(format!("indirect not in body text: {text}"));
            continue;
        };
        let at = offs[0];
        let ok = a.quotes.iter().any(|x| {
            x.kind == QuoteKind::Indirect
                && x.speaker.as_deref() == Some(speaker)
                && x.start.abs_diff(at) <= 12
        });
        if !ok {
            failures.push(format!("indirect not found for {speaker}: {text}"));
        }
    }
    // Nobody but Putin speaks.
    for q in &a.quotes {
        if q.speaker.as_deref() != Some("Vladimir Putin") {
            failures.push(format!("quote attributed to {:?}: {}", q.speaker, q.text));
        }
    }
    // People: one entity each, canonical name, titles, mentions.
    for p in exp["entities"]["people"].as_array().expect("people") {
        let name = p["name"].as_str().unwrap_or_default();
        let ents: Vec<_> = a
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person && e.name == name)
            .collect();
        if ents.len() != 1 {
            failures.push(format!("{} person entities named {name}", ents.len()));
            continue;
        }
        let e = ents[0];
        for t in p["titles"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !e.titles.iter().any(|x| x == t) {
                failures.push(format!("{name}: title {t} missing from {:?}", e.titles));
            }
        }
        for m in p["mentions_include"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !e.mentions.iter().any(|x| x.text.eq_ignore_ascii_case(m)) {
                failures.push(format!("{name}: mention {m} not linked"));
            }
            // No other entity may hold this mention.
            for other in a
                .entities
                .iter()
                .filter(|o| o.id != e.id && o.kind == EntityKind::Person)
            {
                if other
                    .mentions
                    .iter()
                    .any(|x| x.text.eq_ignore_ascii_case(m))
                {
                    failures.push(format!("{name}: mention {m} also linked to {}", other.name));
                }
            }
        }
    }
    for (list, kind) in [
        ("organizations", EntityKind::Organization),
        ("places", EntityKind::Place),
    ] {
        for n in exp["entities"][list]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !a.entities.iter().any(|e| e.kind == kind && e.name == n) {
                failures.push(format!("{list}: {n} missing"));
            }
        }
    }
    if let Some(al) = exp["entities"]["organization_aliases"].as_object() {
        for (name, aliases) in al {
            for alias in aliases
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !body.contains(alias) {
                    continue; // named only outside the body (caption)
                }
                let ok = a
                    .entities
                    .iter()
                    .any(|e| e.name == *name && e.mentions.iter().any(|m| m.text == alias));
                if !ok {
                    failures.push(format!("alias {alias} not linked to {name}"));
                }
            }
        }
    }
    for d in exp["entities"]["dates"].as_array().into_iter().flatten() {
        let w = d["as_written"].as_str().unwrap_or_default();
        let date = d["date"].as_str().unwrap_or_default();
        if !body.contains(w) {
            continue; // in the caption, outside the body
        }
        if !a
            .dates
            .iter()
            .any(|x| x.as_written == w && x.date.as_deref() == Some(date))
        {
            failures.push(format!("date {w} -> {date} not found in {:?}", a.dates));
        }
    }
    assert!(
        failures.is_empty(),
        "seed mismatches:\n{}",
        failures.join("\n")
    );
}
