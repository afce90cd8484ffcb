//! The Zyte article extraction benchmark (`../shared/bench/zyte`): body text
//! scored with the benchmark's own shingle metric, so figures compare with
//! the published table.
//!
//! The metric, as the benchmark's `evaluate.py` computes it: tokens are the
//! matches of Python's Unicode `\w+` (letters, numbers, `_`); shingles are
//! runs of 4 tokens (a shorter text gives one shingle of all its tokens),
//! counted as a multiset; per page tp/fp/fn are normalised by their sum;
//! precision and recall are means over pages, F1 their harmonic mean.

pub use crate::EvalError;
use dateline_core::Page;
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

/// Shingle length used by the benchmark.
const SHINGLE: usize = 4;

/// Python's `\w` on `str`: a character that is alphanumeric (Unicode
/// categories L* and N*) or `_`. Rust's own `\w` also takes combining marks,
/// which Python's does not.
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").expect("token pattern is valid"));

/// The score of one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageScore {
    /// The benchmark's page id.
    pub id: String,
    /// Normalised true positives (shared shingles).
    pub tp: f64,
    /// Normalised false positives (predicted shingles not in the truth).
    pub fp: f64,
    /// Normalised false negatives (true shingles not predicted).
    pub fn_: f64,
    /// The page's precision.
    pub precision: f64,
    /// The page's recall.
    pub recall: f64,
    /// True when the predicted tokens equal the true tokens exactly.
    pub exact: bool,
}

/// The benchmark's figures for one system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
    /// Mean page precision over pages with tp + fp > 0.
    pub precision: f64,
    /// Mean page recall over pages with tp + fn > 0.
    pub recall: f64,
    /// Share of pages whose token list equals the truth's exactly.
    pub accuracy: f64,
    /// Number of pages scored.
    pub pages: usize,
    /// Per-page scores, in page-id order.
    pub per_page: Vec<PageScore>,
}

impl Report {
    /// The `n` pages with the lowest F1, worst first.
    pub fn worst(&self, n: usize) -> Vec<&PageScore> {
        let mut v: Vec<&PageScore> = self.per_page.iter().collect();
        let f1 = |p: &PageScore| {
            if p.precision + p.recall > 0.0 {
                2.0 * p.precision * p.recall / (p.precision + p.recall)
            } else {
                0.0
            }
        };
        v.sort_by(|a, b| f1(a).total_cmp(&f1(b)));
        v.truncate(n);
        v
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| pages | F1 | precision | recall | accuracy |")?;
        writeln!(f, "| --- | --- | --- | --- | --- |")?;
        writeln!(
            f,
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            self.pages, self.f1, self.precision, self.recall, self.accuracy
        )
    }
}

/// The `\w+` tokens of `text`.
pub fn tokenize(text: &str) -> Vec<&str> {
    TOKEN.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles<'a>(tokens: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut out: HashMap<Vec<&'a str>, usize> = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < SHINGLE {
        out.insert(tokens.to_vec(), 1);
        return out;
    }
    for w in tokens.windows(SHINGLE) {
        *out.entry(w.to_vec()).or_default() += 1;
    }
    out
}

/// Normalised (tp, fp, fn) of one page, as the benchmark computes them.
pub fn shingle_matching(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let t = shingles(&tokenize(truth));
    let p = shingles(&tokenize(predicted));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += tc.saturating_sub(pc);
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc);
    }
    let s = (tp + fp + fn_) as f64;
    if s > 0.0 {
        (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

fn precision_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Scores `predicted` bodies against `truth` bodies (both by page id). Pages
/// missing from `predicted` count as empty predictions; predictions for pages
/// not in `truth` are ignored.
pub fn score(truth: &BTreeMap<String, String>, predicted: &BTreeMap<String, String>) -> Report {
    let mut per_page = Vec::with_capacity(truth.len());
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    let mut exact = 0usize;
    for (id, t) in truth {
        let p = predicted.get(id).map_or("", String::as_str);
        let (tp, fp, fn_) = shingle_matching(t, p);
        let precision = precision_score(tp, fp, fn_);
        let recall = recall_score(tp, fp, fn_);
        if tp + fp > 0.0 {
            ps.push(precision);
        }
        if tp + fn_ > 0.0 {
            rs.push(recall);
        }
        let same = tokenize(t) == tokenize(p);
        exact += usize::from(same);
        per_page.push(PageScore {
            id: id.clone(),
            tp,
            fp,
            fn_,
            precision,
            recall,
            exact: same,
        });
    }
    let precision = mean(&ps);
    let recall = mean(&rs);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let pages = truth.len();
    Report {
        f1,
        precision,
        recall,
        accuracy: if pages > 0 {
            exact as f64 / pages as f64
        } else {
            0.0
        },
        pages,
        per_page,
    }
}

/// What a ground-truth or predictions file should be, for error messages.
const BENCHMARK_FORMAT: &str = "in the benchmark's format";

fn read_json(path: &Path) -> Result<serde_json::Value, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| EvalError::Format {
        path: path.to_path_buf(),
        expected: BENCHMARK_FORMAT,
        reason: e.to_string(),
    })
}

fn bodies(path: &Path, value: &serde_json::Value) -> Result<BTreeMap<String, String>, EvalError> {
    let map = value
        .get("output")
        .filter(|o| o.is_object())
        .unwrap_or(value)
        .as_object()
        .ok_or_else(|| EvalError::Format {
            path: path.to_path_buf(),
            expected: BENCHMARK_FORMAT,
            reason: "expected a JSON object of pages".into(),
        })?;
    Ok(map
        .iter()
        .map(|(id, v)| {
            let body = v
                .get("articleBody")
                .and_then(|b| b.as_str())
                .unwrap_or("")
                .to_string();
            (id.clone(), body)
        })
        .collect())
}

/// Reads published outputs: `{"version": .., "output": {id: {"articleBody": ..}}}`
/// or the bare `{id: {"articleBody": ..}}` map.
pub fn load_predictions(path: &Path) -> Result<BTreeMap<String, String>, EvalError> {
    let value = read_json(path)?;
    bodies(path, &value)
}

/// Reads `ground-truth.json` of the benchmark directory: bodies by page id.
pub fn load_truth(zyte_dir: &Path) -> Result<BTreeMap<String, String>, EvalError> {
    load_predictions(&zyte_dir.join("ground-truth.json"))
}

/// The URLs the ground truth gives for each page.
/// Page URLs by id, from the benchmark's `ground-truth.json`.
pub(crate) fn load_urls(zyte_dir: &Path) -> Result<BTreeMap<String, String>, EvalError> {
    let path = zyte_dir.join("ground-truth.json");
    let value = read_json(&path)?;
    Ok(value
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(id, v)| Some((id.clone(), v.get("url")?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default())
}

/// Reads and un-gzips the page `id` of the benchmark as a [`Page`].
pub fn load_page(zyte_dir: &Path, id: &str, url: Option<&str>) -> Result<Page, EvalError> {
    let path = zyte_dir.join("html").join(format!("{id}.html.gz"));
    let file = std::fs::File::open(&path).map_err(|source| EvalError::Io {
        path: path.clone(),
        source,
    })?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
    Ok(Page {
        source: path.display().to_string(),
        url: url.map(str::to_string),
        content_type: None,
        bytes,
    })
}

/// Loads every page of the benchmark, by id (the ids of the ground truth).
pub fn load_pages(zyte_dir: &Path) -> Result<Vec<(String, Page)>, EvalError> {
    let urls = load_urls(zyte_dir)?;
    urls.iter()
        .map(|(id, url)| Ok((id.clone(), load_page(zyte_dir, id, Some(url))?)))
        .collect()
}

/// Runs the extractor over the benchmark's pages: body text by page id (an
/// extraction error gives an empty body).
pub fn predict(
    zyte_dir: &Path,
    opts: &dateline_extract::Options,
) -> Result<BTreeMap<String, String>, EvalError> {
    let pages = load_pages(zyte_dir)?;
    Ok(pages
        .iter()
        .map(|(id, page)| {
            let body = dateline_extract::extract(page, opts)
                .map(|a| a.body_text())
                .unwrap_or_default();
            (id.clone(), body)
        })
        .collect())
}

/// Extracts every page of the benchmark in `zyte_dir` and scores the bodies.
pub fn evaluate(zyte_dir: &Path, opts: &dateline_extract::Options) -> Result<Report, EvalError> {
    let truth = load_truth(zyte_dir)?;
    let predicted = predict(zyte_dir, opts)?;
    Ok(score(&truth, &predicted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_rule() {
        assert_eq!(
            tokenize("It’s 3½ — co_op, naïve"),
            ["It", "s", "3½", "co_op", "naïve"]
        );
        // A combining mark is not a word character in Python.
        assert_eq!(tokenize("e\u{301}x"), ["e", "x"]);
    }

    #[test]
    fn shingle_counts_and_edge_cases() {
        assert_eq!(shingle_matching("a b c d e", "a b c d e"), (1.0, 0.0, 0.0));
        assert_eq!(shingle_matching("", ""), (0.0, 0.0, 0.0));
        let (tp, fp, fn_) = shingle_matching("a b c d e", "a b c d");
        assert!((tp - 0.5).abs() < 1e-12 && fp == 0.0 && (fn_ - 0.5).abs() < 1e-12);
        // Short texts give one shingle of all their tokens.
        assert_eq!(shingle_matching("a b", "a b"), (1.0, 0.0, 0.0));
        assert_eq!(shingle_matching("a b", "a c"), (0.0, 0.5, 0.5));
    }

    #[test]
    fn report_means_skip_pages_without_predictions_or_truth() {
        let truth: BTreeMap<String, String> = [("1", "a b c d e f"), ("2", "w x y z")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut pred = BTreeMap::new();
        pred.insert("1".to_string(), "a b c d e f".to_string());
        let r = score(&truth, &pred);
        // Page 2 has no prediction: no precision term, recall 0.
        assert_eq!(r.precision, 1.0);
        assert_eq!(r.recall, 0.5);
        assert!((r.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.accuracy, 0.5);
        assert!(r.to_string().contains("0.667"));
    }
}
