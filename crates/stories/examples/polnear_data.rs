//! Reading PolNeAR (`../shared/bench/polnear`) as dated articles of seven
//! outlets, for the story clustering measurement. Shared by the example and
//! the test (included with `#[path]`); nothing from the corpus is written
//! anywhere.

use dateline_core::{Analysis, Article, Block};
use dateline_stories::Features;
use std::path::{Path, PathBuf};

/// One PolNeAR article with its analysis.
pub struct Doc {
    /// The file name without `.txt`, e.g. `nyt_2016-06-07_...`.
    pub name: String,
    pub article: Article,
    pub analysis: Analysis,
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
        let mut parts = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty());
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
            analysis,
            features,
        });
    }
    docs.sort_by(|a, b| {
        (a.features.time_ms, &a.name).cmp(&(b.features.time_ms, &b.name))
    });
    Ok(docs)
}
