#!/usr/bin/env bash
# Held-out figures of the attribution models on folds of PolNeAR train.
#
# For each fold k (0-9: the train articles at sorted positions k, k+10, ...)
# this trains every model without that fold's articles, in a scratch copy of
# the working tree (uncommitted changes included), three runs to the fixed
# point (the lexicons are compiled in), and scores the fold with
# `dateline eval polnear`. dev stays unseen. A retrained model moves a fold's
# figures by up to about 0.01 on its own (BENCHMARKS.md, seventh round), so
# judge a change on several folds, not one.
#
#   bench/polnear-folds.sh [FOLD...]      default: 9 4
#
# POLNEAR=<dir> points at the corpus (default ../shared/bench/polnear). The
# build is private to the run: a target directory shared with another copy of
# the sources can hand back a binary with the previous fold's models compiled
# in (cargo judges freshness by file times, and the models change between
# runs of the same sources).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
polnear=$(cd "${POLNEAR:-$repo/../shared/bench/polnear}" 2>/dev/null && pwd) || {
    echo "polnear-folds: no PolNeAR corpus at ${POLNEAR:-$repo/../shared/bench/polnear}" >&2
    exit 2
}
[ -d "$polnear/train/text" ] || { echo "polnear-folds: no train split in $polnear" >&2; exit 2; }
folds=("$@")
[ ${#folds[@]} -gt 0 ] || folds=(9 4)
for k in "${folds[@]}"; do
    [[ "$k" =~ ^[0-9]$ ]] || { echo "polnear-folds: a fold is 0-9, not '$k'" >&2; exit 2; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The working tree as it is, without build output.
mkdir -p "$scratch/repo"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar cf - --null -T -) | (cd "$scratch/repo" && tar xmf -)
export CARGO_TARGET_DIR=$scratch/target
# Figures do not depend on link-time optimisation; building without it is faster.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
cd "$scratch/repo"

total=""
for k in "${folds[@]}"; do
    held="$scratch/held$k"
    mkdir -p "$held/held/text" "$held/held/attributions"
    # The same articles `HOLDOUT=10 HOLDOUT_AT=k` keeps out: sorted by byte order.
    (cd "$polnear/train/text" && ls | LC_ALL=C sort | awk -v k="$k" '(NR - 1) % 10 == k') |
        while read -r f; do
            ln -s "$polnear/train/text/$f" "$held/held/text/$f"
            for a in "$polnear/train/attributions/${f%.txt}"_*.ann; do
                [ -e "$a" ] && ln -s "$a" "$held/held/attributions/"
            done
        done
    for run in 1 2 3; do
        HOLDOUT=10 HOLDOUT_AT=$k cargo run -q --release -p dateline-analyse --example train -- \
            "$polnear" 2>"$scratch/train.log" || { tail "$scratch/train.log" >&2; exit 1; }
    done
    line=$(cargo run -q --release --bin dateline -- eval polnear --dir "$held" --split held |
        awk '/^content overlap|^source exact|^cue overlap|^relation/ {printf " %s", $(NF-3)}')
    echo "fold $k: content overlap, source exact, cue overlap, relation F1:$line"
    total="$total$line"$'\n'
done
printf '%s' "$total" | awk -v n=${#folds[@]} '
    { for (i = 1; i <= NF; i++) s[i] += $i }
    END { if (n > 1) { printf "mean of %d folds:", n; for (i = 1; i <= 4; i++) printf " %.3f", s[i] / n; print "" } }'
