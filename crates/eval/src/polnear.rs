//! Attribution extraction scored on PolNeAR (`../shared/bench/polnear`).
//!
//! Every article of a split is analysed as-is with
//! [`dateline_analyse::analyse_text`]; what it finds is compared with the
//! hand annotations (brat standoff, character offsets) for
//! - content spans, cue spans and source spans, each exactly (same characters
//!   after trimming whitespace at the ends of each piece) and by overlap (a
//!   found span counts when the characters it shares with a gold span are at
//!   least half of the longer of the two);
//! - whole relations: content, cue and source all matched by overlap, or both
//!   sides without a source.
//!
//! Matching is one to one: pairs are taken greedily by shared characters, so
//! a gold span is never credited twice. Precision is matched found spans over
//! found spans, recall matched gold spans over gold spans.
//!
//! How the analysis maps onto PolNeAR: each direct or indirect quote is one
//! relation (partial quotes are fragments inside an indirect one and are left
//! out); a quote that continues the previous speaker with no cue of its own
//! joins the previous relation as another content piece, as PolNeAR
//! annotates a quotation interrupted by sentence or paragraph breaks.
//!
//! Multiple annotators: some articles were annotated by more than one
//! person. Each annotation file is scored as its own document and counts are
//! summed over files, so an article read by two annotators counts twice: the
//! figures are the mean over annotations, weighted by their size.

use dateline_core::{Quote, QuoteKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Why an evaluation could not run.
#[derive(Debug)]
pub enum PolnearError {
    /// A file or directory could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The split has no annotated articles.
    Empty(PathBuf),
}

impl fmt::Display for PolnearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolnearError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            PolnearError::Empty(p) => write!(f, "no annotated articles under {}", p.display()),
        }
    }
}

impl std::error::Error for PolnearError {}

/// A set of character ranges `[start, end)`: one piece, or several for a
/// discontinuous span.
pub type Pieces = Vec<(usize, usize)>;

/// One annotated attribution.
#[derive(Debug, Clone, Default)]
pub struct GoldRelation {
    /// Content pieces (character offsets).
    pub content: Pieces,
    /// Cue pieces.
    pub cue: Pieces,
    /// Source pieces; empty when the attribution has none.
    pub source: Pieces,
}

/// Reads the relations of one brat `.ann` file. Lines that are not spans or
/// relations (notes, malformed lines) are skipped.
pub fn parse_ann(ann: &str) -> Vec<GoldRelation> {
    let mut spans: BTreeMap<&str, Pieces> = BTreeMap::new();
    let mut rels = Vec::new();
    for line in ann.lines() {
        let mut f = line.split('\t');
        let (Some(id), Some(head)) = (f.next(), f.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, offs)) = head.split_once(' ') else {
                continue;
            };
            let mut pieces = Vec::new();
            for p in offs.split(';') {
                let mut n = p.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
                if let (Some(s), Some(e)) = (n.next(), n.next()) {
                    if s < e {
                        pieces.push((s, e));
                    }
                }
            }
            spans.insert(id, pieces);
        } else if id.starts_with('E') {
            let mut r = GoldRelation::default();
            for arg in head.split_whitespace().skip(1) {
                let Some((role, t)) = arg.split_once(':') else {
                    continue;
                };
                let p = spans.get(t).cloned().unwrap_or_default();
                match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                    "Content" => r.content.extend(p),
                    "Cue" => r.cue.extend(p),
                    "Source" => r.source.extend(p),
                    _ => {}
                }
            }
            if !r.content.is_empty() || !r.cue.is_empty() {
                rels.push(r);
            }
        }
    }
    rels
}

/// Byte offset to character offset table for `text`.
pub fn char_index(text: &str) -> Vec<usize> {
    let mut v = vec![0usize; text.len() + 1];
    let mut c = 0;
    for (b, ch) in text.char_indices() {
        for slot in v.iter_mut().skip(b).take(ch.len_utf8()) {
            *slot = c;
        }
        c += 1;
    }
    if let Some(last) = v.last_mut() {
        *last = c;
    }
    v
}

/// A relation found by the analyser, in character offsets.
#[derive(Debug, Clone, Default)]
pub struct FoundRelation {
    /// Content pieces.
    pub content: Pieces,
    /// Cue pieces.
    pub cue: Pieces,
    /// Source pieces.
    pub source: Pieces,
    /// Resolved speaker name, if any.
    pub speaker: Option<String>,
    /// The speaker was linked to a named entity of the text.
    pub entity: bool,
}

/// Turns the analyser's quotes into PolNeAR-style relations (see the module
/// documentation).
pub fn relations(text: &str, quotes: &[Quote]) -> Vec<FoundRelation> {
    let ci = char_index(text);
    let c = |b: usize| ci.get(b).copied().unwrap_or(0);
    let mut out: Vec<FoundRelation> = Vec::new();
    for q in quotes.iter().filter(|q| q.kind != QuoteKind::Partial) {
        let content: Pieces = q.spans.iter().map(|s| (c(s.start), c(s.end))).collect();
        if q.cue.is_none() && q.speaker_span.is_none() {
            if let Some(prev) = out.last_mut() {
                prev.content.extend(content);
                continue;
            }
        }
        out.push(FoundRelation {
            content,
            cue: q
                .cue_span
                .map(|s| vec![(c(s.start), c(s.end))])
                .unwrap_or_default(),
            source: q
                .speaker_span
                .map(|s| vec![(c(s.start), c(s.end))])
                .unwrap_or_default(),
            speaker: q.speaker.clone(),
            entity: q.speaker_id.is_some(),
        });
    }
    out
}

fn trim(text: &[char], p: &Pieces) -> Pieces {
    let mut v: Pieces = p
        .iter()
        .filter_map(|&(mut s, mut e)| {
            e = e.min(text.len());
            while s < e && text[s].is_whitespace() {
                s += 1;
            }
            while e > s && text[e - 1].is_whitespace() {
                e -= 1;
            }
            (s < e).then_some((s, e))
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn len(p: &Pieces) -> usize {
    p.iter().map(|(s, e)| e - s).sum()
}

/// Characters two piece sets share.
pub fn shared(a: &Pieces, b: &Pieces) -> usize {
    let mut n = 0;
    for &(s1, e1) in a {
        for &(s2, e2) in b {
            let (s, e) = (s1.max(s2), e1.min(e2));
            if s < e {
                n += e - s;
            }
        }
    }
    n
}

/// The overlap criterion: shared characters at least half the longer span.
pub fn overlaps(a: &Pieces, b: &Pieces) -> bool {
    let sh = shared(a, b);
    sh > 0 && 2 * sh >= len(a).max(len(b))
}

/// Counts for one measure.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    /// Found items that matched.
    pub matched: usize,
    /// Items found.
    pub found: usize,
    /// Gold items.
    pub gold: usize,
    /// matched / found.
    pub precision: f64,
    /// matched / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn add(&mut self, matched: usize, found: usize, gold: usize) {
        self.matched += matched;
        self.found += found;
        self.gold += gold;
    }
    fn finish(&mut self) {
        self.precision = if self.found == 0 {
            0.0
        } else {
            self.matched as f64 / self.found as f64
        };
        self.recall = if self.gold == 0 {
            0.0
        } else {
            self.matched as f64 / self.gold as f64
        };
        let s = self.precision + self.recall;
        self.f1 = if s == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / s
        };
    }
}

/// Greedy one-to-one matching; returns the number of matched pairs.
fn match_count<F: Fn(usize, usize) -> Option<usize>>(nf: usize, ng: usize, score: F) -> usize {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..nf {
        for j in 0..ng {
            if let Some(s) = score(i, j) {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut uf, mut ug) = (HashSet::new(), HashSet::new());
    let mut n = 0;
    for (_, i, j) in pairs {
        if !uf.contains(&i) && !ug.contains(&j) {
            uf.insert(i);
            ug.insert(j);
            n += 1;
        }
    }
    n
}

fn score_spans(found: &[Pieces], gold: &[Pieces], exact: &mut Prf, overlap: &mut Prf) {
    let ne = match_count(found.len(), gold.len(), |i, j| {
        (found[i] == gold[j]).then_some(1)
    });
    exact.add(ne, found.len(), gold.len());
    let no = match_count(found.len(), gold.len(), |i, j| {
        overlaps(&found[i], &gold[j]).then(|| shared(&found[i], &gold[j]))
    });
    overlap.add(no, found.len(), gold.len());
}

fn distinct(v: impl Iterator<Item = Pieces>) -> Vec<Pieces> {
    let mut out: Vec<Pieces> = Vec::new();
    for p in v {
        if !p.is_empty() && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Scores of one split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// The split scored.
    pub split: String,
    /// Articles with at least one annotation file.
    pub articles: usize,
    /// Annotation files scored (one per annotator and article).
    pub annotation_files: usize,
    /// Content spans, exact.
    pub content_exact: Prf,
    /// Content spans, overlap of at least half the longer span.
    pub content_overlap: Prf,
    /// Source spans, exact.
    pub source_exact: Prf,
    /// Source spans, overlap.
    pub source_overlap: Prf,
    /// Cue spans, exact.
    pub cue_exact: Prf,
    /// Cue spans, overlap.
    pub cue_overlap: Prf,
    /// Whole relations: content, cue and source each matched by overlap.
    pub relation: Prf,
    /// How several annotators of one article are counted.
    pub annotators: String,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "PolNeAR {}: {} articles, {} annotation files",
            self.split, self.articles, self.annotation_files
        )?;
        writeln!(
            f,
            "{:<18} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "measure", "precision", "recall", "F1", "match", "found", "gold"
        )?;
        for (name, p) in [
            ("content exact", &self.content_exact),
            ("content overlap", &self.content_overlap),
            ("source exact", &self.source_exact),
            ("source overlap", &self.source_overlap),
            ("cue exact", &self.cue_exact),
            ("cue overlap", &self.cue_overlap),
            ("relation", &self.relation),
        ] {
            writeln!(
                f,
                "{:<18} {:>9.3} {:>9.3} {:>9.3} {:>7} {:>7} {:>7}",
                name, p.precision, p.recall, p.f1, p.matched, p.found, p.gold
            )?;
        }
        write!(f, "annotators: {}", self.annotators)
    }
}

impl Report {
    /// Adds the counts of one annotation file: `found` relations against the
    /// `gold` ones of the same `text`.
    fn add_file(&mut self, text: &str, found: Vec<FoundRelation>, gold: Vec<GoldRelation>) {
        let r = self;
        let chars: Vec<char> = text.chars().collect();
        let g: Vec<GoldRelation> = gold
            .into_iter()
            .map(|x| GoldRelation {
                content: trim(&chars, &x.content),
                cue: trim(&chars, &x.cue),
                source: trim(&chars, &x.source),
            })
            .collect();
        let f: Vec<FoundRelation> = found
            .into_iter()
            .map(|x| FoundRelation {
                content: trim(&chars, &x.content),
                cue: trim(&chars, &x.cue),
                source: trim(&chars, &x.source),
                speaker: x.speaker,
                entity: x.entity,
            })
            .collect();
        score_spans(
            &distinct(f.iter().map(|x| x.content.clone())),
            &distinct(g.iter().map(|x| x.content.clone())),
            &mut r.content_exact,
            &mut r.content_overlap,
        );
        score_spans(
            &distinct(f.iter().map(|x| x.source.clone())),
            &distinct(g.iter().map(|x| x.source.clone())),
            &mut r.source_exact,
            &mut r.source_overlap,
        );
        score_spans(
            &distinct(f.iter().map(|x| x.cue.clone())),
            &distinct(g.iter().map(|x| x.cue.clone())),
            &mut r.cue_exact,
            &mut r.cue_overlap,
        );
        let n = match_count(f.len(), g.len(), |i, j| {
            let (a, b) = (&f[i], &g[j]);
            let src =
                (a.source.is_empty() && b.source.is_empty()) || overlaps(&a.source, &b.source);
            (overlaps(&a.content, &b.content) && overlaps(&a.cue, &b.cue) && src)
                .then(|| shared(&a.content, &b.content))
        });
        r.relation.add(n, f.len(), g.len());
    }

    fn finish(&mut self) {
        for p in [
            &mut self.content_exact,
            &mut self.content_overlap,
            &mut self.source_exact,
            &mut self.source_overlap,
            &mut self.cue_exact,
            &mut self.cue_overlap,
            &mut self.relation,
        ] {
            p.finish();
        }
    }
}

fn read(path: &Path) -> Result<String, PolnearError> {
    std::fs::read_to_string(path).map_err(|source| PolnearError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The annotation files of a split as (article name, path), sorted.
pub fn annotation_files(split_dir: &Path) -> Result<Vec<(String, PathBuf)>, PolnearError> {
    let dir = split_dir.join("attributions");
    let rd = std::fs::read_dir(&dir).map_err(|source| PolnearError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut v: Vec<(String, PathBuf)> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_string_lossy().to_string();
            let (article, _) = stem.rsplit_once('_')?;
            Some((article.to_string(), p))
        })
        .collect();
    v.sort();
    Ok(v)
}

/// Scores the analyser on `split` (`dev` or `train`) of the PolNeAR copy at
/// `polnear_dir`.
pub fn evaluate(polnear_dir: &Path, split: &str) -> Result<Report, PolnearError> {
    let split_dir = polnear_dir.join(split);
    let files = annotation_files(&split_dir)?;
    if files.is_empty() {
        return Err(PolnearError::Empty(split_dir));
    }
    let mut r = Report {
        split: split.to_string(),
        annotators: "each annotation file scored as its own document, counts summed over files"
            .into(),
        ..Default::default()
    };
    let mut articles = HashSet::new();
    let mut cache: Option<(String, String, Vec<FoundRelation>)> = None;
    for (article, ann) in &files {
        let text = match &cache {
            Some((a, t, _)) if a == article => t.clone(),
            _ => {
                let t = read(&split_dir.join("text").join(format!("{article}.txt")))?;
                let an = dateline_analyse::analyse_text(&t, None);
                let rels = relations(&t, &an.quotes);
                cache = Some((article.clone(), t.clone(), rels));
                t
            }
        };
        let found = cache.as_ref().map(|c| c.2.clone()).unwrap_or_default();
        articles.insert(article.clone());
        r.annotation_files += 1;
        let gold = parse_ann(&read(ann)?);
        r.add_file(&text, found, gold);
    }
    r.articles = articles.len();
    r.finish();
    Ok(r)
}

/// Agreement between human annotators: on every article of `split` that
/// several annotators marked, each annotator's relations are scored against
/// each other annotator's, with the same measures as [`evaluate`]. The figures
/// are the ceiling a system can be expected to reach on this corpus.
pub fn agreement(polnear_dir: &Path, split: &str) -> Result<Report, PolnearError> {
    let split_dir = polnear_dir.join(split);
    let files = annotation_files(&split_dir)?;
    if files.is_empty() {
        return Err(PolnearError::Empty(split_dir));
    }
    let mut by_article: BTreeMap<&str, Vec<&PathBuf>> = BTreeMap::new();
    for (article, ann) in &files {
        by_article.entry(article).or_default().push(ann);
    }
    let mut r = Report {
        split: split.to_string(),
        annotators:
            "every ordered pair of annotators of one article, one as found, the other as gold"
                .into(),
        ..Default::default()
    };
    for (article, anns) in by_article.into_iter().filter(|(_, a)| a.len() > 1) {
        let text = read(&split_dir.join("text").join(format!("{article}.txt")))?;
        let marked: Vec<Vec<GoldRelation>> = anns
            .iter()
            .map(|p| read(p).map(|a| parse_ann(&a)))
            .collect::<Result<_, _>>()?;
        r.articles += 1;
        for (i, a) in marked.iter().enumerate() {
            for (j, b) in marked.iter().enumerate() {
                if i == j {
                    continue;
                }
                r.annotation_files += 1;
                let found = a
                    .iter()
                    .map(|x| FoundRelation {
                        content: x.content.clone(),
                        cue: x.cue.clone(),
                        source: x.source.clone(),
                        ..Default::default()
                    })
                    .collect();
                r.add_file(&text, found, b.clone());
            }
        }
    }
    r.finish();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_discontinuous_spans_and_relations() {
        let ann = "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tx\nT4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n#1\tAnnotatorNotes T1\tnote\n";
        let r = parse_ann(ann);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].content, vec![(11, 20), (25, 30)]);
        assert_eq!(r[0].source, vec![(0, 5)]);
    }

    #[test]
    fn overlap_needs_half_of_the_longer_span() {
        assert!(overlaps(&vec![(0, 10)], &vec![(0, 20)]));
        assert!(!overlaps(&vec![(0, 9)], &vec![(0, 20)]));
        assert!(overlaps(&vec![(0, 10), (15, 20)], &vec![(0, 20)]));
    }

    #[test]
    fn matching_is_one_to_one() {
        let f = vec![vec![(0, 10)], vec![(0, 10)]];
        let g = vec![vec![(0, 10)]];
        let (mut e, mut o) = (Prf::default(), Prf::default());
        score_spans(&distinct(f.into_iter()), &g, &mut e, &mut o);
        assert_eq!((e.matched, e.found, e.gold), (1, 1, 1));
        let f = vec![vec![(0, 10)], vec![(2, 10)]];
        let (mut e, mut o) = (Prf::default(), Prf::default());
        score_spans(&f, &g, &mut e, &mut o);
        assert_eq!((o.matched, o.found, o.gold), (1, 2, 1));
    }

    #[test]
    fn agreement_scores_annotators_of_one_article_against_each_other() {
        let dir = std::env::temp_dir().join(format!("dateline-agree-{}", std::process::id()));
        let split = dir.join("dev");
        std::fs::create_dir_all(split.join("text")).unwrap();
        std::fs::create_dir_all(split.join("attributions")).unwrap();
        let text = "Smith said taxes rise. Jones said rates fall.";
        std::fs::write(split.join("text/a.txt"), text).unwrap();
        std::fs::write(split.join("text/b.txt"), text).unwrap();
        let rel = |s: (usize, usize), c: (usize, usize), t: (usize, usize), n: usize| {
            format!(
                "T{a}\tSource {} {}\tx\nT{b}\tCue {} {}\tx\nT{c}\tContent {} {}\tx\nE{n}\tAttribution:T{b} Content:T{c} Cue:T{b} Source:T{a}\n",
                s.0, s.1, c.0, c.1, t.0, t.1,
                a = 3 * n, b = 3 * n + 1, c = 3 * n + 2
            )
        };
        let first = rel((0, 5), (6, 10), (11, 21), 1);
        let second = rel((23, 28), (29, 33), (34, 44), 2);
        // Annotator x marks both attributions, y only the first; article b
        // has one annotator and is left out.
        std::fs::write(
            split.join("attributions/a_x.ann"),
            format!("{first}{second}"),
        )
        .unwrap();
        std::fs::write(split.join("attributions/a_y.ann"), &first).unwrap();
        std::fs::write(split.join("attributions/b_x.ann"), &first).unwrap();
        let r = agreement(&dir, "dev").unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!((r.articles, r.annotation_files), (1, 2));
        // x against y: 1 of 2 found matches; y against x: 1 of 1 found, 1 of 2 gold.
        assert_eq!(
            (
                r.content_exact.matched,
                r.content_exact.found,
                r.content_exact.gold
            ),
            (2, 3, 3)
        );
        assert_eq!(r.relation.matched, 2);
        assert!((r.source_exact.f1 - 2.0 / 3.0).abs() < 1e-9);
    }
}
