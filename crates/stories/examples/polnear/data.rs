//! Reading PolNeAR (`../shared/bench/polnear`) as dated articles of seven
//! outlets, for the story clustering measurement. Shared by the example and
//! the test (included with `#[path]`); nothing from the corpus is written
//! anywhere.

use dateline_core::{Article, Block};
use dateline_stories::Features;
use std::path::{Path, PathBuf};

/// One PolNeAR article with its clustering features.
pub struct Doc {
    /// The file name without `.txt`, e.g. `nyt_2016-06-07_...`.
    pub name: String,
    // Read by the example (to show clusters), not by the test.
    #[allow(dead_code)]
    pub article: Article,
    pub features: Features,
}

/// `../shared/bench/polnear` seen from this crate, if present.
pub fn root() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear");
    p.join("metadata.tsv").is_file().then_some(p)
}

/// Every article of train and dev with a publisher and a date, ordered as
/// they would have arrived: by date, then by name.
pub fn load(root: &Path) -> std::io::Result<Vec<Doc>> {
    let meta = std::fs::read_to_string(root.join("metadata.tsv"))?;
    let mut header: Vec<&str> = Vec::new();
    let mut docs = Vec::new();
    for (i, line) in meta.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if i == 0 {
            header = cols;
            continue;
        }
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .and_then(|j| cols.get(j))
                .copied()
                .filter(|v| !v.is_empty() && *v != "None" && *v != "NA")
        };
        let (Some(name), Some(publisher), Some(date)) =
            (col("filename"), col("publisher"), col("publication_date"))
        else {
            continue;
        };
        let Some(path) = ["train", "dev"]
            .iter()
            .map(|s| root.join(s).join("text").join(format!("{name}.txt")))
            .find(|p| p.is_file())
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path)?;
        let mut parts = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
        let mut article = Article::new();
        article.headline = parts.next().map(str::to_string);
        article.site_name = Some(publisher.to_string());
        article.published = Some(date.to_string());
        article.agency = col("wire").map(str::to_string);
        article.body = parts
            .map(|p| Block::Paragraph {
                text: p.to_string(),
            })
            .collect();
        article.word_count = dateline_core::word_count(&article.body_text());
        let analysis = dateline_analyse::analyse(&article);
        let features = Features::of(&article, &analysis, 0);
        docs.push(Doc {
            name: name.to_string(),
            article,
            features,
        });
    }
    docs.sort_by(|a, b| (a.features.time_ms, &a.name).cmp(&(b.features.time_ms, &b.name)));
    Ok(docs)
}

/// Hand judgments: (anchor, member) -> same event, from
/// `tests/data/polnear_judgments.tsv` (ids and verdicts only).
pub fn judgments() -> std::collections::HashMap<(String, String), bool> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/polnear_judgments.tsv");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = std::collections::HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        if let [a, b, verdict] = cols[..] {
            let same = verdict.trim() == "same";
            out.insert((a.to_string(), b.to_string()), same);
            out.insert((b.to_string(), a.to_string()), same);
        }
    }
    out
}

/// Precision of a clustering against the hand judgments.
#[derive(Debug, Default)]
pub struct Judged {
    /// Clusters of more than one article.
    pub multi: usize,
    /// Articles in them other than each cluster's anchor (its first).
    pub members: usize,
    /// Of those, the ones with a judgment.
    pub judged: usize,
    /// Of those, the ones judged to report the anchor's event.
    pub same: usize,
    /// (anchor, member) pairs without a judgment.
    pub unjudged: Vec<(String, String)>,
}

impl Judged {
    /// Correct members over judged members.
    pub fn precision(&self) -> f64 {
        self.same as f64 / self.judged.max(1) as f64
    }
}

/// Judges each cluster's members against its anchor. `stories[i]` is the
/// story of `docs[i]`; story ids are arrival indexes, so the anchor of a
/// story is the document at that index.
pub fn judge(docs: &[Doc], stories: &[u64]) -> Judged {
    let verdicts = judgments();
    let mut by_story: std::collections::BTreeMap<u64, Vec<usize>> = Default::default();
    for (i, s) in stories.iter().enumerate() {
        by_story.entry(*s).or_default().push(i);
    }
    let mut j = Judged::default();
    for (story, members) in by_story.iter().filter(|(_, m)| m.len() > 1) {
        j.multi += 1;
        let Some(anchor) = docs.get(*story as usize) else {
            continue;
        };
        for &i in members.iter().filter(|&&i| i as u64 != *story) {
            j.members += 1;
            let key = (anchor.name.clone(), docs[i].name.clone());
            match verdicts.get(&key) {
                Some(same) => {
                    j.judged += 1;
                    j.same += usize::from(*same);
                }
                None => j.unjudged.push(key),
            }
        }
    }
    j
}
