//! Metadata accuracy on hand-read Zyte pages, with floors at the level
//! reached, so a change that loses accuracy fails here. Two sets: the
//! development pages the extractor was tuned on, and held-out pages read
//! afterwards.

use dateline_eval::metadata::{evaluate, Report};
use dateline_extract::Options;
use std::path::Path;

/// Fewest pages that must be right: (headline, authors, published day,
/// agency), set at the level measured.
type Floors = (usize, usize, usize, usize);

fn run(fixture: &str, min_pages: usize, floors: Floors) {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let zyte = crate_dir.join("../../../shared/bench/zyte");
    if !zyte.is_dir() {
        eprintln!("skipping: ../shared not found ({})", zyte.display());
        return;
    }
    let fixtures = crate_dir.join("fixtures").join(fixture);
    let report: Report = evaluate(&zyte, &fixtures, &Options::default()).expect("evaluation runs");
    eprintln!("{fixture}\n{report}");
    assert!(
        report.pages >= min_pages,
        "at least {min_pages} hand-read pages"
    );
    assert_eq!(report.failed, 0, "no page refused");
    for (name, score, floor) in [
        ("headline", report.headline, floors.0),
        ("authors", report.authors, floors.1),
        ("published", report.published, floors.2),
        ("agency", report.agency, floors.3),
    ] {
        assert!(
            score.right >= floor,
            "{fixture}: {name} right on {} of {} pages, fewer than {floor}",
            score.right,
            score.total
        );
    }
}

#[test]
fn development_pages() {
    run("zyte-metadata.json", 44, (44, 44, 44, 44));
}

#[test]
fn held_out_pages() {
    run("zyte-metadata-holdout.json", 25, (25, 24, 23, 25));
}

#[test]
fn second_held_out_pages() {
    run("zyte-metadata-holdout2.json", 22, (21, 21, 22, 22));
}
