//! Story clustering on PolNeAR (seven outlets covering the 2016 campaign):
//! the clustering is recomputed and its members checked against hand
//! judgments kept as article ids and verdicts in
//! `tests/data/polnear_judgments.tsv`.

#[path = "../examples/polnear/data.rs"]
mod polnear_data;

use dateline_stories::{Clusterer, Params};

#[test]
fn polnear_story_clusters_are_precise_by_hand_judgment() {
    let Some(root) = polnear_data::root() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    let docs = polnear_data::load(&root).expect("read PolNeAR");
    assert!(docs.len() >= 900, "{} articles", docs.len());
    let mut c = Clusterer::new(Params::default());
    let stories: Vec<u64> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| c.add(i as u64, &d.features, None).story)
        .collect();
    let j = polnear_data::judge(&docs, &stories);
    eprintln!(
        "{} multi-article stories, {} members, {} judged, {} same: precision {:.3}; unjudged: {:?}",
        j.multi,
        j.members,
        j.judged,
        j.same,
        j.precision(),
        j.unjudged
    );
    // The judgments must cover what the clusterer now does: a change that
    // makes new clusters needs them read and judged.
    assert!(
        j.multi >= 20,
        "too few multi-article stories to judge: {}",
        j.multi
    );
    assert!(
        j.judged * 10 >= j.members * 9,
        "only {} of {} members judged; judge the new ones: {:?}",
        j.judged,
        j.members,
        j.unjudged
    );
    assert!(j.precision() >= 0.9, "precision {:.3}", j.precision());
}
