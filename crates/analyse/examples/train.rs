//! Learns the analyser's lexicons from the PolNeAR `train` split and writes
//! them to `crates/analyse/data/`. Reproduce the shipped files with:
//!
//! ```text
//! cargo run --release -p dateline-analyse --example train -- ../shared/bench/polnear
//! ```
//!
//! Five files come out, all byte-identical on a rerun:
//! - `cues.tsv`: `word  times_in_a_cue  times_in_text` for every word that
//!   is part of a hand-annotated attribution cue at least 3 times. The
//!   analyser reads `times_in_a_cue / times_in_text` as how likely the word
//!   is to introduce speech.
//! - `names.tsv`: `word  person  organization  location  other  first  male
//!   female` for capitalised words: how often the machine annotations tag the
//!   word as part of a person, organisation or location name, or not a name;
//!   how often it opens a person's name; and how often a coreference chain
//!   links it to he/him/his or she/her; and how often it is a whole name on
//!   its own (`Obama`, `CNN`; not `Health` of `Department of Health`).
//!   Words seen fewer than 3 times are left out.
//!
//! - `cue_weights.bin`: the learned cue detector (`src/cuemodel.rs`), a
//!   logistic regression over hashed context features of every word of the
//!   cue lexicon, labelled by whether the word lies inside an annotated cue.
//!   It reads the cue lexicon compiled into the library, so after a change
//!   to `cues.tsv` run this twice (the second run is then a fixed point);
//!   after training with `HOLDOUT` (below) the compiled-in models all came
//!   from the other split, and it takes three runs.
//! - `pos.bin`: a part-of-speech tagger (`src/pos.rs`), a greedy averaged
//!   perceptron learned from the machine tags of `train/corenlp-silver`.
//! - `tagger.bin`: the attribution span tagger (`src/tagger.rs`), two passes
//!   of an averaged structured perceptron (the mean of three trained in
//!   different orders) over content, source and cue BIO
//!   labels from the hand annotations. The second pass learns from labels
//!   that first-pass models trained on the other three quarters of the
//!   articles gave. Both read the rules, cue lexicon and cue detector
//!   compiled into the library, and the freshly learned `pos.bin`.
//!
//! `-- ../shared/bench/polnear tagger` relearns only `pos.bin` and
//! `tagger.bin` (the passes per model come from `TAGGER_EPOCHS`, default 20).
//! Other settings for experiments: `TAGGER_SEEDS=a,b,...` (the shuffling
//! seeds of the perceptrons whose mean is the model, default 1,2,3),
//! `TAGGER_BITS` (hash bits of the tagger,
//! default 16), `TAGGER_FAVOUR=c,s,k` (how much the second pass lowers
//! "outside" per layer, default 50,150,50) and `TAGGER_OOF_CUES=1` (the
//! tagger learns from out-of-fold cue detectors); the defaults were chosen
//! on held-out train articles (`HOLDOUT`, below).
//!
//! Only `train` is read; `dev` stays unseen for evaluation.
//!
//! `HOLDOUT=10` leaves every 10th article of `train` (by sorted file name,
//! the 10th, 20th, ...; `HOLDOUT_AT=4` makes it the 5th, 15th, ...) out of
//! everything learned, so that choices of
//! features and sizes can be measured on the held-out part with dev unseen:
//! `ls train/text | sort | awk 'NR % 10 == 0'` lists them. To score them,
//! link their texts and annotation files into `<dir>/held/text` and
//! `<dir>/held/attributions`, rebuild (the lexicons are compiled in) and run
//! `dateline eval polnear --dir <dir> --split held`; then restore the
//! shipped files by training again without `HOLDOUT`.

#[path = "common/ann.rs"]
mod ann;

use ann::{bio, ranges_of};
use dateline_analyse::cuemodel::{sigmoid, View, BUCKETS};
use dateline_analyse::tokens::{is_cap, lower, tokenize, Tok};
use dateline_analyse::{attribution, pos, quotes, tagger};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear")
        });
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let train = root.join("train");
    if !train.is_dir() {
        eprintln!("no PolNeAR train split at {}", train.display());
        std::process::exit(2);
    }
    fs::create_dir_all(&out).expect("create data dir");
    // `tagger` as the second argument retrains only the span tagger.
    if std::env::args().nth(2).as_deref() == Some("tagger") {
        let pos_model = learn_pos(&train);
        fs::write(out.join("pos.bin"), pos_model.to_bytes()).expect("write pos.bin");
        let tagger = learn_tagger(&train, &pos_model);
        fs::write(out.join("tagger.bin"), tagger).expect("write tagger.bin");
        eprintln!("wrote {}/tagger.bin", out.display());
        return;
    }
    let cues = learn_cues(&train);
    fs::write(out.join("cues.tsv"), cues).expect("write cues.tsv");
    let names = learn_names(&train);
    fs::write(out.join("names.tsv"), names).expect("write names.tsv");
    let model = learn_cue_model(&train);
    fs::write(out.join("cue_weights.bin"), model).expect("write cue_weights.bin");
    let pos_model = learn_pos(&train);
    fs::write(out.join("pos.bin"), pos_model.to_bytes()).expect("write pos.bin");
    let tagger = learn_tagger(&train, &pos_model);
    fs::write(out.join("tagger.bin"), tagger).expect("write tagger.bin");
    eprintln!(
        "wrote {}/cues.tsv, names.tsv, cue_weights.bin, pos.bin and tagger.bin",
        out.display()
    );
}

fn sorted_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.to_string_lossy().ends_with(suffix));
    v.sort();
    v
}

/// Whether an article (file name without extension) is learned from: all
/// are, unless `HOLDOUT=N` holds out every N-th article of `train/text` by
/// sorted name.
fn kept(train: &Path, article: &str) -> bool {
    use std::sync::OnceLock;
    static HELD: OnceLock<Vec<String>> = OnceLock::new();
    let held = HELD.get_or_init(|| {
        let n: usize = std::env::var("HOLDOUT")
            .ok()
            .and_then(|x| x.parse().ok())
            .unwrap_or(0);
        if n == 0 {
            return Vec::new();
        }
        // `HOLDOUT_AT=k` holds out the articles at k, k + n, ... instead (a
        // second held-out fold to check a choice on).
        let at: usize = std::env::var("HOLDOUT_AT")
            .ok()
            .and_then(|x| x.parse().ok())
            .unwrap_or(n - 1)
            % n;
        let names: Vec<String> = sorted_files(&train.join("text"), ".txt")
            .iter()
            .filter_map(|p| Some(p.file_stem()?.to_string_lossy().to_string()))
            .collect();
        let held: Vec<String> = names
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % n == at)
            .map(|(_, x)| x)
            .collect();
        eprintln!("holding out {} articles of train", held.len());
        held
    });
    !held.iter().any(|h| h == article)
}

fn words(text: &str) -> Vec<(usize, usize)> {
    let t = tokenize(text);
    t.toks
        .iter()
        .filter(|t| t.kind == Tok::Word)
        .map(|t| (t.start, t.end))
        .collect()
}

fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Each annotation file of `train` with the text it annotates, in file-name
/// order; files whose text or annotations cannot be read are skipped.
fn annotated_texts(train: &Path) -> impl Iterator<Item = (String, String)> + '_ {
    sorted_files(&train.join("attributions"), ".ann")
        .into_iter()
        .filter_map(move |ann| {
            let name = ann.file_stem()?.to_string_lossy().to_string();
            let (article, _annotator) = name.rsplit_once('_')?;
            if !kept(train, article) {
                return None;
            }
            let text =
                fs::read_to_string(train.join("text").join(format!("{article}.txt"))).ok()?;
            let a = fs::read_to_string(&ann).ok()?;
            Some((text, a))
        })
}

fn learn_cues(train: &Path) -> String {
    let mut in_cue: HashMap<String, u32> = HashMap::new();
    let mut total: HashMap<String, u32> = HashMap::new();
    for (text, a) in annotated_texts(train) {
        let ws = words(&text);
        // Brat offsets count characters; the tokens count bytes.
        let byte_of = char_to_byte(&text);
        for w in &ws {
            *total.entry(lower(&text[w.0..w.1])).or_default() += 1;
        }
        for (s, e) in ranges_of(&a, "Cue", &byte_of) {
            for w in ws.iter().filter(|w| w.0 >= s && w.1 <= e) {
                *in_cue.entry(lower(&text[w.0..w.1])).or_default() += 1;
            }
        }
    }
    // Several annotators may mark the same article; the text is counted once
    // per annotation file too, so the ratio stays a per-reading frequency.
    let mut rows: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (w, c) in in_cue {
        if c >= 3 {
            rows.insert(w.clone(), (c, total.get(&w).copied().unwrap_or(c).max(c)));
        }
    }
    let mut s = String::from("# word\tin_cue\ttotal\n");
    for (w, (c, t)) in rows {
        s.push_str(&format!("{w}\t{c}\t{t}\n"));
    }
    s
}

#[derive(Default)]
struct NameCounts {
    person: u32,
    org: u32,
    loc: u32,
    other: u32,
    first: u32,
    male: u32,
    female: u32,
    alone: u32,
}

fn learn_names(train: &Path) -> String {
    let mut counts: HashMap<String, NameCounts> = HashMap::new();
    let silver = train.join("corenlp-silver");
    for tsv in sorted_files(&silver, ".tsv") {
        let name = tsv
            .file_name()
            .map(|n| n.to_string_lossy().replace(".tsv", ""));
        if !name.is_some_and(|n| kept(train, &n)) {
            continue;
        }
        let Ok(data) = fs::read_to_string(&tsv) else {
            continue;
        };
        // (sentence, word, ner)
        let rows: Vec<(u32, &str, &str)> = data
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some((f.first()?.parse().ok()?, *f.get(4)?, *f.get(7)?))
            })
            .collect();
        for (i, &(sent, word, ner)) in rows.iter().enumerate() {
            if !is_cap(word) {
                continue;
            }
            let c = counts.entry(word.to_string()).or_default();
            match ner {
                "PERSON" => c.person += 1,
                "ORGANIZATION" => c.org += 1,
                "LOCATION" | "CITY" | "COUNTRY" | "STATE_OR_PROVINCE" => c.loc += 1,
                _ => c.other += 1,
            }
            let prev_person = i > 0 && rows[i - 1].2 == "PERSON" && rows[i - 1].0 == sent;
            let next_person = rows
                .get(i + 1)
                .is_some_and(|n| n.2 == "PERSON" && n.0 == sent);
            if ner == "PERSON" && !prev_person && next_person {
                c.first += 1;
            }
            // Beside a word of the same kind of name, it is part of a longer one.
            let prev_named = i > 0 && rows[i - 1].2 == ner && rows[i - 1].0 == sent;
            let next_named = rows.get(i + 1).is_some_and(|n| n.2 == ner && n.0 == sent);
            if matches!(
                ner,
                "PERSON" | "ORGANIZATION" | "LOCATION" | "CITY" | "COUNTRY" | "STATE_OR_PROVINCE"
            ) && !prev_named
                && !next_named
            {
                c.alone += 1;
            }
        }
        // Gender from coreference chains that join a name and a pronoun.
        let coref = tsv.with_extension("coref.json");
        let coref = PathBuf::from(coref.to_string_lossy().replace(".tsv", ""));
        let Ok(cj) = fs::read_to_string(&coref) else {
            continue;
        };
        let Ok(chains) = serde_json::from_str::<Vec<Vec<serde_json::Value>>>(&cj) else {
            continue;
        };
        for chain in chains {
            let texts: Vec<&str> = chain.iter().filter_map(|m| m["text"].as_str()).collect();
            let male = texts
                .iter()
                .filter(|t| matches!(lower(t).as_str(), "he" | "him" | "his" | "himself"))
                .count();
            let female = texts
                .iter()
                .filter(|t| matches!(lower(t).as_str(), "she" | "her" | "hers" | "herself"))
                .count();
            if male == female {
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for t in &texts {
                for w in t.split_whitespace() {
                    if is_cap(w)
                        && w.len() > 1
                        && !seen.contains(&w)
                        && !matches!(w, "He" | "She" | "His" | "Her")
                    {
                        seen.push(w);
                    }
                }
            }
            for w in seen {
                if let Some(c) = counts.get_mut(w) {
                    if male > female {
                        c.male += 1;
                    } else {
                        c.female += 1;
                    }
                }
            }
        }
    }
    let mut rows: BTreeMap<String, NameCounts> = BTreeMap::new();
    for (w, c) in counts {
        let named = c.person + c.org + c.loc;
        if named >= 3 {
            rows.insert(w, c);
        }
    }
    let mut s =
        String::from("# word\tperson\torganization\tlocation\tother\tfirst\tmale\tfemale\talone\n");
    for (w, c) in rows {
        s.push_str(&format!(
            "{w}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            c.person, c.org, c.loc, c.other, c.first, c.male, c.female, c.alone
        ));
    }
    s
}

/// Trains the cue detector: plain stochastic gradient descent on the log
/// loss, a fixed number of passes in a fixed shuffled order, so reruns give
/// identical weights.
fn learn_cue_model(train: &Path) -> Vec<u8> {
    let ex = cue_examples(train);
    let all: Vec<usize> = (0..ex.len()).collect();
    fit_cue_model(&ex, &all, "cue model")
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect()
}

/// The cue detector's examples of one annotation file: the article's
/// number (files of one article share it), features and labels.
type CueExamples = (usize, Vec<Vec<u32>>, Vec<bool>);

/// The cue detector's examples of every annotation file of `train`.
fn cue_examples(train: &Path) -> Vec<CueExamples> {
    let mut out = Vec::new();
    let mut last_text = String::new();
    let mut article = 0;
    for (text, a) in annotated_texts(train) {
        let byte_of = char_to_byte(&text);
        let cues = ranges_of(&a, "Cue", &byte_of);
        let t = tokenize(&text);
        let qs = quotes::find(&text, &t);
        let view = View::new(&text, &t, &qs);
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for (i, tok) in t.toks.iter().enumerate() {
            if !view.candidate(i) {
                continue;
            }
            let y = cues.iter().any(|&(s, e)| tok.start < e && tok.end > s);
            let mut f = Vec::new();
            view.features(i, &mut f);
            xs.push(f);
            ys.push(y);
        }
        if text != last_text {
            article += 1;
            last_text = text;
        }
        out.push((article, xs, ys));
    }
    out
}

/// Fits the cue detector on the files `which` of `ex`.
fn fit_cue_model(ex: &[CueExamples], which: &[usize], what: &str) -> Vec<f32> {
    let xs: Vec<&Vec<u32>> = which.iter().flat_map(|&d| &ex[d].1).collect();
    let ys: Vec<bool> = which
        .iter()
        .flat_map(|&d| ex[d].2.iter().copied())
        .collect();
    let mut w = vec![0f32; BUCKETS];
    let mut order: Vec<usize> = (0..xs.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let epochs = 6;
    for ep in 0..epochs {
        for k in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(k, (seed >> 33) as usize % (k + 1));
        }
        let lr = 0.2 / (1.0 + ep as f32);
        let mut loss = 0f64;
        for &n in &order {
            let z: f32 = xs[n].iter().map(|&h| w[h as usize]).sum();
            let p = sigmoid(z);
            let y = if ys[n] { 1.0 } else { 0.0 };
            loss -= if ys[n] {
                (p.max(1e-7) as f64).ln()
            } else {
                ((1.0 - p).max(1e-7) as f64).ln()
            };
            let g = lr * (y - p);
            for &h in xs[n] {
                w[h as usize] += g;
            }
        }
        eprintln!(
            "{what}: pass {ep}: {} examples, mean log loss {:.4}",
            xs.len(),
            loss / xs.len().max(1) as f64
        );
    }
    w
}

struct TagDoc {
    feats: tagger::Feats,
    gold: [Vec<u8>; tagger::LAYERS],
    paras: Vec<(usize, usize)>,
}

/// What the second pass needs to recompute features.
struct Prepared {
    text: String,
    t: dateline_analyse::tokens::Tokens,
    qs: Vec<quotes::QSpan>,
    raws: Vec<attribution::Raw>,
    lw: Vec<String>,
    lp: Vec<f32>,
    pos: Vec<u8>,
    /// Articles annotated twice share a fold.
    article: usize,
}

/// Trains both tagger passes. The second pass reads the first pass's
/// labels; on `train` those come from first-pass models that did not see
/// the article (four folds by article), so the second pass learns from
/// labels as good as the ones it will see on new text.
fn learn_tagger(train: &Path, pos_model: &pos::Model) -> Vec<u8> {
    const FOLDS: usize = 4;
    // The cue detector remembers the articles it learned from, so its
    // probabilities there are surer than on new text. `TAGGER_OOF_CUES=1`
    // lets the tagger learn from detectors that did not see the article
    // (the same folds as the second pass) instead; on held-out train
    // articles that raised precision but lost more recall (content and
    // source F1 fell by 0.02), so it is not the default.
    let oof = std::env::var("TAGGER_OOF_CUES").is_ok_and(|x| x == "1");
    let ex = if oof { cue_examples(train) } else { Vec::new() };
    let cue_folds: Vec<Vec<f32>> = (0..if oof { FOLDS } else { 0 })
        .map(|fold| {
            let rest: Vec<usize> = (0..ex.len()).filter(|&d| ex[d].0 % FOLDS != fold).collect();
            fit_cue_model(&ex, &rest, &format!("cue model, fold {fold}"))
        })
        .collect();
    let mut prep: Vec<Prepared> = Vec::new();
    let mut golds: Vec<[Vec<u8>; tagger::LAYERS]> = Vec::new();
    let mut last_text = String::new();
    let mut article = 0;
    for (text, a) in annotated_texts(train) {
        let byte_of = char_to_byte(&text);
        let t = tokenize(&text);
        let qs = quotes::find(&text, &t);
        if text != last_text {
            article += 1;
            last_text = text.clone();
        }
        let cw = cue_folds.get(article % FOLDS).map(|w| w.as_slice());
        // Without out-of-fold detectors: the shipped one.
        let (raws, lw, lp) = attribution::find_parts_with(&text, &t, &qs, cw);
        let pos = pos_model.tag(&text, &t, &lw);
        golds.push([
            bio(&t.toks, ranges_of(&a, "Content", &byte_of)),
            bio(&t.toks, ranges_of(&a, "Source", &byte_of)),
            bio(&t.toks, ranges_of(&a, "Cue", &byte_of)),
        ]);
        prep.push(Prepared {
            text,
            t,
            qs,
            raws,
            lw,
            lp,
            pos,
            article,
        });
    }
    let docs1: Vec<TagDoc> = prep
        .iter()
        .zip(&golds)
        .map(|(p, g)| TagDoc {
            feats: tagger::features(&p.text, &p.t, &p.qs, &p.lw, &p.lp, &p.raws, &p.pos, None),
            gold: g.clone(),
            paras: tagger::paragraphs(&p.t),
        })
        .collect();
    let all: Vec<usize> = (0..docs1.len()).collect();
    let first = perceptron(&docs1, &all, "pass 1");
    let mut first_labels: Vec<[Vec<u8>; tagger::LAYERS]> = vec![Default::default(); docs1.len()];
    for fold in 0..FOLDS {
        let (held, rest): (Vec<usize>, Vec<usize>) =
            all.iter().partition(|&&d| prep[d].article % FOLDS == fold);
        let m = perceptron(&docs1, &rest, &format!("pass 1, fold {fold}"));
        for d in held {
            let sc = tagger::scores(&docs1[d].feats, &m.w);
            first_labels[d] = tagger::decode(&sc, &m.trans, &docs1[d].paras);
        }
    }
    let docs2: Vec<TagDoc> = prep
        .iter()
        .zip(&golds)
        .zip(&first_labels)
        .map(|((p, g), fl)| TagDoc {
            feats: tagger::features(
                &p.text,
                &p.t,
                &p.qs,
                &p.lw,
                &p.lp,
                &p.raws,
                &p.pos,
                Some(fl),
            ),
            gold: g.clone(),
            paras: tagger::paragraphs(&p.t),
        })
        .collect();
    let mut second = perceptron(&docs2, &all, "pass 2");
    second.favour(favour());
    let mut out = first.to_bytes();
    out.extend(second.to_bytes());
    out
}

/// How much the shipped second pass lowers "outside" per layer (content,
/// source, cue), chosen on held-out train articles; `TAGGER_FAVOUR=c,s,k`
/// tries others.
fn favour() -> [f32; tagger::LAYERS] {
    let by: Vec<f32> = std::env::var("TAGGER_FAVOUR")
        .unwrap_or_default()
        .split(',')
        .filter_map(|x| x.parse().ok())
        .collect();
    match by[..] {
        [c, s, k] => [c, s, k],
        _ => [50.0, 150.0, 50.0],
    }
}

/// The mean of perceptrons trained in different shuffled orders (seeds
/// 1, 2 and 3, or the comma-separated `TAGGER_SEEDS`), trained side by
/// side. One order's model moves a held-out fold's figures by up to about
/// 0.01 against another's; on two held-out folds the mean of three scored
/// +0.002 on average above the mean of single orders (BENCHMARKS.md,
/// seventh round).
fn perceptron(docs: &[TagDoc], which: &[usize], what: &str) -> tagger::Model {
    let seeds: Vec<u64> = std::env::var("TAGGER_SEEDS")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .filter(|v: &Vec<u64>| !v.is_empty())
        .unwrap_or_else(|| vec![1, 2, 3]);
    if seeds.len() == 1 {
        return perceptron_seeded(docs, which, what, seeds[0]);
    }
    let models: Vec<tagger::Model> = std::thread::scope(|s| {
        let hs: Vec<_> = seeds
            .iter()
            .map(|&seed| s.spawn(move || perceptron_seeded(docs, which, what, seed)))
            .collect();
        hs.into_iter()
            .map(|h| h.join().expect("training thread"))
            .collect()
    });
    let k = models.len() as f32;
    let mut m = tagger::Model::zero(models[0].bits);
    for x in &models {
        for (a, b) in m.w.iter_mut().zip(&x.w) {
            *a += b / k;
        }
        for l in 0..tagger::LAYERS {
            for p in 0..tagger::LABELS {
                for c in 0..tagger::LABELS {
                    m.trans[l][p][c] += x.trans[l][p][c] / k;
                }
            }
        }
    }
    m
}

/// An averaged structured perceptron over the documents `which`, a fixed
/// number of passes in an order shuffled from `seed`, so reruns give
/// identical weights.
#[allow(clippy::needless_range_loop)]
fn perceptron_seeded(docs: &[TagDoc], which: &[usize], what: &str, seed: u64) -> tagger::Model {
    use tagger::{K, LABELS, LAYERS};
    let epochs: usize = std::env::var("TAGGER_EPOCHS")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(20);
    let bits: u32 = std::env::var("TAGGER_BITS")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(tagger::BITS)
        .min(tagger::MAX_BITS);
    let mut m = tagger::Model::zero(bits);
    // Sums of each update times its step, for the averaged weights.
    let mut acc = vec![0f64; m.w.len()];
    let mut tacc = [[[0f64; LABELS]; LABELS]; LAYERS];
    let mut step: f64 = 1.0;
    let mut order: Vec<usize> = which.to_vec();
    let mut seed = seed;
    for ep in 0..epochs {
        for k in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(k, (seed >> 33) as usize % (k + 1));
        }
        let mut wrong = 0usize;
        let mut total = 0usize;
        for &d in &order {
            let doc = &docs[d];
            for &(a, b) in &doc.paras {
                let sc = tagger::scores_range(&doc.feats, &m.w, a, b);
                let mut upd = |h: u32, k: usize, by: f32, w: &mut Vec<f32>| {
                    let x = tagger::bucket(h, w) * K + k;
                    w[x] += by;
                    acc[x] += f64::from(by) * step;
                };
                for layer in 0..LAYERS {
                    let mut pred = vec![0u8; b - a];
                    tagger::viterbi(&sc, layer, &m.trans[layer], 0, b - a, &mut pred);
                    let gold = &doc.gold[layer][a..b];
                    total += b - a;
                    if pred.as_slice() == gold {
                        continue;
                    }
                    for i in 0..b - a {
                        let (g, p) = (gold[i] as usize, pred[i] as usize);
                        let (gp, pp) = if i == 0 {
                            (0, 0)
                        } else {
                            (gold[i - 1] as usize, pred[i - 1] as usize)
                        };
                        if g != p {
                            wrong += 1;
                            let (fa, fb) = (
                                doc.feats.off[a + i] as usize,
                                doc.feats.off[a + i + 1] as usize,
                            );
                            for &h in &doc.feats.idx[fa..fb] {
                                upd(h, layer * LABELS + g, 1.0, &mut m.w);
                                upd(h, layer * LABELS + p, -1.0, &mut m.w);
                            }
                        }
                        if (gp, g) != (pp, p) {
                            m.trans[layer][gp][g] += 1.0;
                            tacc[layer][gp][g] += step;
                            m.trans[layer][pp][p] -= 1.0;
                            tacc[layer][pp][p] -= step;
                        }
                    }
                }
                step += 1.0;
            }
        }
        eprintln!(
            "tagger {what}: epoch {ep}: {} files, token-layer errors {wrong} of {total}",
            order.len()
        );
    }
    for (w, a) in m.w.iter_mut().zip(&acc) {
        *w -= (a / step) as f32;
    }
    for l in 0..LAYERS {
        for p in 0..LABELS {
            for c in 0..LABELS {
                m.trans[l][p][c] -= (tacc[l][p][c] / step) as f32;
            }
        }
    }
    m
}

/// One article for the part-of-speech tagger: text, tokens, lower-cased
/// words and the tag each token learns from.
type PosDoc = (
    String,
    dateline_analyse::tokens::Tokens,
    Vec<String>,
    Vec<Option<u8>>,
);

/// Trains the part-of-speech tagger on the machine annotations of `train`
/// (each article once), our tokens labelled with the tag of the annotated
/// token that starts where they start; tokens with no such token are not
/// learned from. A greedy averaged perceptron, fixed passes and order.
fn learn_pos(train: &Path) -> pos::Model {
    let silver = train.join("corenlp-silver");
    let mut docs: Vec<PosDoc> = Vec::new();
    for tsv in sorted_files(&silver, ".tsv") {
        let Some(name) = tsv
            .file_name()
            .map(|n| n.to_string_lossy().replace(".tsv", ""))
        else {
            continue;
        };
        if !kept(train, &name) {
            continue;
        }
        let (Ok(data), Ok(text)) = (
            fs::read_to_string(&tsv),
            fs::read_to_string(train.join("text").join(format!("{name}.txt"))),
        ) else {
            continue;
        };
        let byte_of = char_to_byte(&text);
        let mut at: HashMap<usize, u8> = HashMap::new();
        for l in data.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = l.split('\t').collect();
            let (Some(start), Some(tag)) =
                (f.get(2).and_then(|x| x.parse::<usize>().ok()), f.get(6))
            else {
                continue;
            };
            if let Some(&b) = byte_of.get(start) {
                at.insert(b, pos::coarse(tag));
            }
        }
        let t = tokenize(&text);
        let lw: Vec<String> = t
            .toks
            .iter()
            .map(|x| lower(&text[x.start..x.end]))
            .collect();
        let gold: Vec<Option<u8>> = t.toks.iter().map(|x| at.get(&x.start).copied()).collect();
        docs.push((text, t, lw, gold));
    }
    let mut m = pos::Model::zero();
    let mut acc = vec![0f64; m.w.len()];
    let mut step: f64 = 1.0;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed: u64 = 0x1234_5678_9abc_def1;
    let mut f = Vec::new();
    for ep in 0..5 {
        for k in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(k, (seed >> 33) as usize % (k + 1));
        }
        let (mut right, mut total) = (0usize, 0usize);
        for &d in &order {
            let (text, t, lw, gold) = &docs[d];
            let mut tags = vec![0u8; t.toks.len()];
            let wh = pos::word_hashes(lw);
            for i in 0..t.toks.len() {
                f.clear();
                pos::features(text, t, lw, &wh, &tags, i, &mut f);
                let p = m.best(&f);
                match gold[i] {
                    Some(g) => {
                        total += 1;
                        if g == p {
                            right += 1;
                        } else {
                            for &h in &f {
                                let base = h as usize * pos::NT;
                                m.w[base + g as usize] += 1.0;
                                acc[base + g as usize] += step;
                                m.w[base + p as usize] -= 1.0;
                                acc[base + p as usize] -= step;
                            }
                        }
                        // Later tokens see the true tag while learning.
                        tags[i] = g;
                    }
                    None => tags[i] = p,
                }
                step += 1.0;
            }
        }
        eprintln!(
            "pos: pass {ep}: {} articles, accuracy while learning {:.4}",
            docs.len(),
            right as f64 / total.max(1) as f64
        );
    }
    for (w, a) in m.w.iter_mut().zip(&acc) {
        *w -= (a / step) as f32;
    }
    m
}
