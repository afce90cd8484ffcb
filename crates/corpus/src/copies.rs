//! Online grouping of syndicated copies: LSH candidates, exact verification,
//! and groups that cannot drift.

use crate::shingle::{intersection_size, mix, Shingles, Signature, FULL_HASHES, LEAD_HASHES};
use std::collections::HashMap;

/// Tuning of copy detection.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Bands over the whole-body signature.
    pub full_bands: usize,
    /// Rows (hash values) per whole-body band.
    pub full_rows: usize,
    /// Bands over the lead signature.
    pub lead_bands: usize,
    /// Rows per lead band.
    pub lead_rows: usize,
    /// Least share of the smaller body's shingles found in the other body.
    pub min_containment: f64,
    /// Least share of the larger body's shingles found in the smaller: a
    /// long article that happens to contain a whole short one (a brief
    /// quoted in a roundup) is not a copy of it.
    pub min_coverage: f64,
    /// Least number of shared shingles, so two short texts sharing one
    /// sentence are not copies.
    pub min_shared: usize,
    /// A new member that contains at least this share of the group's
    /// representative and is longer becomes the representative: later copies
    /// are then measured against the fullest version of the story, not a
    /// trimmed one that happened to arrive first.
    pub upgrade_containment: f64,
    /// Bodies with fewer shingles take no part in copy detection: a
    /// two-line brief says too little to tell a copy from a coincidence.
    pub min_shingles: usize,
    /// Distinct groups verified per new article, the most-hit first; bounds
    /// the work on boilerplate-heavy buckets.
    pub max_groups_checked: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            // With two rows a band, a pair with Jaccard J becomes a candidate
            // with probability 1 - (1 - J^2)^bands: 0.97 at J = 0.3 with 32
            // bands, so a copy trimmed to a third of the original is still
            // found; the lead bands catch shorter trims.
            full_bands: 32,
            full_rows: 2,
            lead_bands: 16,
            lead_rows: 2,
            min_containment: 0.45,
            min_coverage: 0.15,
            min_shared: 12,
            upgrade_containment: 0.7,
            min_shingles: 20,
            max_groups_checked: 64,
        }
    }
}

/// Evidence that two bodies are copies of one text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Distinct shingles in both bodies.
    pub shared: usize,
    /// `shared` over the smaller body's shingle count: 1.0 when one body is
    /// wholly inside the other (a trimmed copy, or one with a local lead).
    pub containment: f64,
    /// `shared` over the union: 1.0 for identical bodies.
    pub jaccard: f64,
    /// `shared` over the larger body's shingle count.
    pub coverage: f64,
    /// `shared` over the second body's shingle count (how much of the
    /// second body, e.g. a group's representative, the first contains).
    pub of_second: f64,
}

/// Measures two bodies against each other; `Some` when they are copies by
/// `params` (containment and shared-shingle thresholds).
pub fn verify(a: &Shingles, b: &Shingles, params: &Params) -> Option<Verdict> {
    let v = measure(a, b);
    (v.shared >= params.min_shared
        && v.containment >= params.min_containment
        && v.coverage >= params.min_coverage)
        .then_some(v)
}

/// The overlap of two bodies, whatever it is.
pub fn measure(a: &Shingles, b: &Shingles) -> Verdict {
    let shared = intersection_size(&a.set, &b.set);
    let smaller = a.len().min(b.len()).max(1);
    let larger = a.len().max(b.len()).max(1);
    let union = (a.len() + b.len() - shared).max(1);
    Verdict {
        shared,
        containment: shared as f64 / smaller as f64,
        jaccard: shared as f64 / union as f64,
        coverage: shared as f64 / larger as f64,
        of_second: shared as f64 / b.len().max(1) as f64,
    }
}

/// Where a new article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The group's id: the id of its representative (its first article).
    /// An article that matched nothing starts a group with its own id.
    pub group: u64,
    /// The verification against the representative that admitted the
    /// article; `None` when it started its own group.
    pub verdict: Option<Verdict>,
    /// Articles the LSH buckets proposed.
    pub candidates: usize,
    /// Representatives verified.
    pub verified: usize,
}

/// The online copy index: MinHash LSH buckets over every article, and the
/// group each article belongs to.
///
/// An article joins a group only when it verifies against the group's
/// representative, never because it resembles some other member. Chains of
/// near matches (A like B, B like C) therefore cannot pull an unrelated C
/// into A's group, and groups never merge.
pub struct CopyIndex {
    params: Params,
    /// Band key -> slots of the articles in that bucket.
    buckets: HashMap<u64, Vec<u32>>,
    /// Slot -> (article id, group id).
    slots: Vec<(u64, u64)>,
    slot_of: HashMap<u64, u32>,
    /// Group id -> representative id, for groups whose representative is no
    /// longer their first article.
    reps: HashMap<u64, u64>,
}

impl CopyIndex {
    /// An empty index.
    ///
    /// # Panics
    /// When the bands need more hash values than a [`Signature`] holds.
    pub fn new(params: Params) -> CopyIndex {
        assert!(params.full_bands * params.full_rows <= FULL_HASHES);
        assert!(params.lead_bands * params.lead_rows <= LEAD_HASHES);
        CopyIndex {
            params,
            buckets: HashMap::new(),
            slots: Vec::new(),
            slot_of: HashMap::new(),
            reps: HashMap::new(),
        }
    }

    /// The parameters in force.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Articles indexed.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The group of an indexed article.
    pub fn group_of(&self, id: u64) -> Option<u64> {
        let slot = *self.slot_of.get(&id)?;
        self.slots.get(slot as usize).map(|s| s.1)
    }

    fn band_keys(&self, sig: &Signature) -> Vec<u64> {
        let p = &self.params;
        let mut keys = Vec::with_capacity(p.full_bands + p.lead_bands);
        for b in 0..p.full_bands {
            let rows = &sig.full[b * p.full_rows..(b + 1) * p.full_rows];
            keys.push(band_key(b as u64, rows));
        }
        for b in 0..p.lead_bands {
            let rows = &sig.lead[b * p.lead_rows..(b + 1) * p.lead_rows];
            keys.push(band_key(1000 + b as u64, rows));
        }
        keys
    }

    /// The representative of a group: the article new ones are verified
    /// against.
    pub fn representative(&self, group: u64) -> u64 {
        self.reps.get(&group).copied().unwrap_or(group)
    }

    /// Records that a group's representative is `rep` (rebuilding the index
    /// from a store).
    pub fn set_representative(&mut self, group: u64, rep: u64) {
        if rep == group {
            self.reps.remove(&group);
        } else {
            self.reps.insert(group, rep);
        }
    }

    /// Adds an article whose group is already known (rebuilding the index
    /// from a store). An id already indexed is left as it is.
    pub fn restore(&mut self, id: u64, sig: &Signature, group: u64) {
        if self.slot_of.contains_key(&id) {
            return;
        }
        let Ok(slot) = u32::try_from(self.slots.len()) else {
            return;
        };
        self.slots.push((id, group));
        self.slot_of.insert(id, slot);
        for key in self.band_keys(sig) {
            self.buckets.entry(key).or_default().push(slot);
        }
    }

    /// Files a new article: finds candidate groups through the LSH buckets,
    /// verifies the article against each candidate group's representative
    /// (`shingles_of` supplies the shingles of an article by id), joins the
    /// verified group it overlaps most (by Jaccard) or starts its own, and
    /// indexes the article. An id already indexed keeps its group.
    pub fn link(
        &mut self,
        id: u64,
        shingles: &Shingles,
        mut shingles_of: impl FnMut(u64) -> Option<Shingles>,
    ) -> Link {
        if let Some(group) = self.group_of(id) {
            return Link {
                group,
                verdict: None,
                candidates: 0,
                verified: 0,
            };
        }
        if shingles.len() < self.params.min_shingles {
            // Too short to judge: its own group, and not indexed, so it
            // never becomes a representative others are measured against.
            return Link {
                group: id,
                verdict: None,
                candidates: 0,
                verified: 0,
            };
        }
        let sig = shingles.signature();
        let keys = self.band_keys(&sig);
        // Groups proposed, with how many bands proposed them.
        let mut hits: HashMap<u64, usize> = HashMap::new();
        let mut candidates = 0;
        for key in &keys {
            if let Some(slots) = self.buckets.get(key) {
                for &slot in slots {
                    if let Some(&(_, group)) = self.slots.get(slot as usize) {
                        candidates += 1;
                        *hits.entry(group).or_default() += 1;
                    }
                }
            }
        }
        let mut groups: Vec<(u64, usize)> = hits.into_iter().collect();
        groups.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        groups.truncate(self.params.max_groups_checked);
        // Every verified group, with its representative's shingles.
        let mut passed: Vec<(u64, Verdict, Shingles)> = Vec::new();
        let mut verified = 0;
        for (group, _) in groups {
            let rep_id = self.representative(group);
            let Some(rep) = shingles_of(rep_id) else {
                continue;
            };
            verified += 1;
            if let Some(v) = verify(shingles, &rep, &self.params) {
                passed.push((group, v, rep));
            }
        }
        // The best: most overlap with the whole text, then most shared.
        passed.sort_by(|a, b| {
            (b.1.jaccard, b.1.shared, std::cmp::Reverse(b.0))
                .partial_cmp(&(a.1.jaccard, a.1.shared, std::cmp::Reverse(a.0)))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let Some((group, verdict, rep)) = passed.first() else {
            self.restore(id, &sig, id);
            return Link {
                group: id,
                verdict: None,
                candidates,
                verified,
            };
        };
        let (group, verdict) = (*group, *verdict);
        if verdict.of_second >= self.params.upgrade_containment && shingles.len() > rep.len() {
            self.set_representative(group, id);
        }
        self.restore(id, &sig, group);
        Link {
            group,
            verdict: Some(verdict),
            candidates,
            verified,
        }
    }
}

fn band_key(band: u64, rows: &[u32]) -> u64 {
    let mut h = mix(band.wrapping_add(0x51_7cc1_b727_220a));
    for &r in rows {
        h = mix(h ^ u64::from(r));
    }
    h
}

/// The most frequent non-empty value (ties go to the first seen), e.g. the
/// agency of a copy group from its members' agencies.
pub fn majority<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values.into_iter().flatten() {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(v)) {
            Some((_, n)) => *n += 1,
            None => counts.push((v.to_string(), 1)),
        }
    }
    let mut best: Option<(String, usize)> = None;
    for (k, n) in counts {
        if best.as_ref().is_none_or(|(_, b)| n > *b) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(seed: usize, n: usize) -> String {
        (0..n)
            .map(|i| format!("w{}x{} ", (seed * 7919 + i * 104_729) % 100_003, i % 13))
            .collect()
    }

    #[test]
    fn trimmed_copy_with_local_lead_joins_and_unrelated_does_not() {
        let mut index = CopyIndex::new(Params::default());
        let original = text(1, 600);
        let words: Vec<&str> = original.split_whitespace().collect();
        let trimmed = format!("{} {}", text(9, 40), words[..250].join(" "));
        let other = text(2, 600);
        let mut store: HashMap<u64, Shingles> = HashMap::new();
        for (id, t) in [(1u64, &original), (2, &trimmed), (3, &other)] {
            let s = Shingles::of(t);
            let link = index.link(id, &s, |g| store.get(&g).cloned());
            store.insert(id, s);
            match id {
                1 | 3 => assert_eq!(link.group, id),
                _ => {
                    assert_eq!(link.group, 1);
                    assert!(link.verdict.unwrap().containment > 0.8);
                }
            }
        }
        assert_eq!(index.len(), 3);
        assert_eq!(index.group_of(2), Some(1));
    }

    #[test]
    fn chains_do_not_merge_unrelated_articles() {
        // B is A's first 60% plus 40% new text; C is B's new text plus more
        // new text. C resembles B but not A: it must not join A's group.
        let a = text(1, 500);
        let aw: Vec<&str> = a.split_whitespace().collect();
        let extra = text(5, 300);
        let b = format!("{} {}", aw[..300].join(" "), extra);
        let c = format!("{} {}", extra, text(6, 60));
        let mut index = CopyIndex::new(Params::default());
        let mut store: HashMap<u64, Shingles> = HashMap::new();
        let mut groups = Vec::new();
        for (id, t) in [(1u64, &a), (2, &b), (3, &c)] {
            let s = Shingles::of(t);
            groups.push(index.link(id, &s, |g| store.get(&g).cloned()).group);
            store.insert(id, s);
        }
        assert_eq!(groups[1], 1, "B is a copy of A");
        assert_ne!(groups[2], 1, "C must not reach A through B");
    }

    #[test]
    fn short_texts_stay_alone() {
        let mut index = CopyIndex::new(Params::default());
        let s = Shingles::of("a short brief of ten words or so here now");
        assert_eq!(index.link(1, &s, |_| None).group, 1);
        assert_eq!(index.link(2, &s, |_| Some(s.clone())).group, 2);
        assert!(index.is_empty());
    }

    #[test]
    fn majority_vote() {
        assert_eq!(
            majority([Some("AP"), None, Some("Reuters"), Some("ap"), Some(" ")]),
            Some("AP".to_string())
        );
        assert_eq!(majority([None, None]), None);
    }
}
