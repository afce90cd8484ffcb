//! PolNeAR dev attribution scores and speaker resolution, with floors at the
//! level the analyser reaches (so a regression fails). Skips when
//! `../shared` is absent.

use std::path::{Path, PathBuf};

fn polnear() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/polnear");
    if p.join("dev").is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared not found ({})", p.display());
        None
    }
}

#[test]
fn dev_scores_stay_above_floors() {
    let Some(dir) = polnear() else { return };
    let r = dateline_eval::polnear::evaluate(&dir, "dev").expect("dev evaluates");
    eprintln!("{r}");
    assert_eq!(r.articles, 84);
    assert!(
        r.content_overlap.f1 >= 0.68,
        "content overlap F1 {:.3}",
        r.content_overlap.f1
    );
    assert!(
        r.content_exact.f1 >= 0.50,
        "content exact F1 {:.3}",
        r.content_exact.f1
    );
    assert!(
        r.source_exact.f1 >= 0.70,
        "source exact F1 {:.3}",
        r.source_exact.f1
    );
    assert!(
        r.cue_overlap.f1 >= 0.68,
        "cue overlap F1 {:.3}",
        r.cue_overlap.f1
    );
    assert!(r.relation.f1 >= 0.545, "relation F1 {:.3}", r.relation.f1);
    // The table and the JSON both carry the figures.
    assert!(r.to_string().contains("content overlap"));
    let json = serde_json::to_value(&r).expect("serialises");
    assert!(json["relation"]["f1"].as_f64().is_some());
}

#[test]
fn speaker_resolution_on_hand_written_fixtures() {
    let Some(dir) = polnear() else { return };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/polnear-speakers.json");
    let r = dateline_eval::speakers::evaluate(&dir, &fixture).expect("fixtures evaluate");
    eprintln!("{r}");
    assert!(r.articles >= 30);
    assert!(r.entries >= 150);
    assert!(
        r.accuracy_found >= 0.88,
        "accuracy on found quotes {:.3}",
        r.accuracy_found
    );
    assert!(
        r.accuracy >= 0.80,
        "accuracy over all entries {:.3}",
        r.accuracy
    );
}
