//! The metric reproduces the benchmark's published figures from the
//! published outputs.

use dateline_eval::zyte;
use std::path::{Path, PathBuf};

fn zyte_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/zyte");
    if dir.join("ground-truth.json").exists() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared not found");
        None
    }
}

#[test]
fn published_outputs_score_as_published() {
    let Some(dir) = zyte_dir() else { return };
    let truth = zyte::load_truth(&dir).unwrap();
    assert_eq!(truth.len(), 181);
    // (system file, F1, precision, recall) from the benchmark's README table.
    let published = [
        ("trafilatura", 0.958, 0.938, 0.978),
        ("rs_trafilatura", 0.970, 0.951, 0.990),
        ("go_trafilatura", 0.960, 0.940, 0.980),
        ("readability_js", 0.947, 0.914, 0.982),
        ("dom_smoothie", 0.865, 0.785, 0.963),
    ];
    for (name, f1, p, r) in published {
        let path = dir.join("published-outputs").join(format!("{name}.json"));
        let predicted = zyte::load_predictions(&path).unwrap();
        let report = zyte::score(&truth, &predicted);
        eprintln!("{name}: {report}");
        for (what, got, want) in [
            ("F1", report.f1, f1),
            ("precision", report.precision, p),
            ("recall", report.recall, r),
        ] {
            assert!(
                (got - want).abs() <= 0.0005 + 1e-9,
                "{name} {what}: measured {got:.4}, published {want:.3}"
            );
        }
    }
}
