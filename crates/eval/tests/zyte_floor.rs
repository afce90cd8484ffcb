//! Guards the body extraction quality on the Zyte benchmark: fails when F1
//! falls below the level reached (rounded down).

use dateline_eval::zyte;
use std::path::Path;

/// Measured when the floor was set: F1 0.983, precision 0.980, recall 0.987;
/// each rounded down by about 0.005.
const F1_FLOOR: f64 = 0.978;
const PRECISION_FLOOR: f64 = 0.972;
const RECALL_FLOOR: f64 = 0.980;

#[test]
fn zyte_f1_stays_above_the_floor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/zyte");
    if !dir.join("ground-truth.json").exists() {
        eprintln!("skipping: ../shared not found");
        return;
    }
    let report = zyte::evaluate(&dir, &dateline_extract::Options::default()).unwrap();
    eprintln!("{report}");
    assert_eq!(report.pages, 181);
    assert!(report.f1 >= F1_FLOOR, "F1 {:.4} < {F1_FLOOR}", report.f1);
    assert!(
        report.precision >= PRECISION_FLOOR,
        "precision {:.4} < {PRECISION_FLOOR}",
        report.precision
    );
    assert!(
        report.recall >= RECALL_FLOOR,
        "recall {:.4} < {RECALL_FLOOR}",
        report.recall
    );
}
