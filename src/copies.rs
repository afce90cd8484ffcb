//! Syndicated-copy linking between the corpus crate's copy index and the
//! store: shared by `ingest` (each new article as it arrives) and
//! `reprocess` (every article again when bodies changed).

use anyhow::Result;
use dateline_corpus::{CopyIndex, Params, Shingles, Signature};
use dateline_store::{Batch, Store};
use std::collections::HashMap;

/// Representatives' shingles kept in memory; beyond this the cache is
/// cleared and refilled from the store on demand.
pub(crate) const SHINGLE_CACHE: usize = 20_000;

/// Rebuilds the copy index from the sketches in the store.
pub(crate) fn load_copy_index(store: &Store) -> Result<CopyIndex> {
    let mut index = CopyIndex::new(Params::default());
    let mut bad = 0usize;
    store.sketches(|id, group, data| match Signature::from_bytes(data) {
        Some(sig) => index.restore(id as u64, &sig, group.unwrap_or(id) as u64),
        None => bad += 1,
    })?;
    for (group, rep) in store.copy_representatives()? {
        index.set_representative(group as u64, rep as u64);
    }
    if bad > 0 {
        eprintln!("warning: {bad} stored copy sketches were unreadable and are left out of copy detection");
    }
    Ok(index)
}

/// Files a new article in the copy index and records its group, its
/// group's representative and its sketch in the batch. Whether it was
/// linked to an earlier article as its copy.
pub(crate) fn link_copy(
    batch: &mut Batch<'_>,
    copies: &mut CopyIndex,
    cache: &mut HashMap<u64, Shingles>,
    article_id: i64,
    shingles: Shingles,
) -> Result<bool> {
    let id = article_id as u64;
    let mut store_error = None;
    let link = copies.link(id, &shingles, |rep| {
        if let Some(s) = cache.get(&rep) {
            return Some(s.clone());
        }
        let rep_id = i64::try_from(rep).ok()?;
        match batch.current(rep_id) {
            Ok(Some(a)) => Some(Shingles::of(&a.body_text())),
            Ok(None) => None,
            Err(e) => {
                store_error = Some(e);
                None
            }
        }
    });
    if let Some(e) = store_error {
        return Err(e.into());
    }
    let group = link.group as i64;
    let score = link.verdict.map_or(1.0, |v| v.containment);
    batch.set_copy_group(article_id, group, score)?;
    let rep = copies.representative(link.group);
    if rep != link.group {
        batch.set_copy_representative(group, rep as i64)?;
    }
    if shingles.len() >= copies.params().min_shingles {
        batch.set_sketch(article_id, &shingles.signature().to_bytes())?;
        if cache.len() >= SHINGLE_CACHE {
            cache.clear();
        }
        cache.insert(id, shingles);
    }
    Ok(link.verdict.is_some())
}
