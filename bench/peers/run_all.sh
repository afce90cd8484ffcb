#!/usr/bin/env bash
# Side-by-side peers on the Zyte benchmark: install (if needed), run each peer
# pinned to one core, score, and print one markdown table.
#
#   bench/peers/run_all.sh                              peers only
#   DATELINE=target/release/dateline bench/peers/run_all.sh   peers + dateline
#
# Environment:
#   ZYTE      benchmark directory (default ../shared/bench/zyte from the repo root)
#   PASSES    timed passes per peer; the fastest is reported (default 3)
#   PEERS     space-separated subset of: trafilatura readability_js newspaper4k
#   DATELINE  path to a dateline binary (optional)
#   CORE      CPU to pin to (default 0)
# Outputs go to bench/out/ (gitignored): <peer>.json (published-outputs format),
# <peer>.timing.json, dateline.{bench,cpu,eval}.json, table.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

ZYTE="${ZYTE:-../shared/bench/zyte}"
PASSES="${PASSES:-3}"
PEERS="${PEERS:-trafilatura readability_js newspaper4k}"
CORE="${CORE:-0}"
OUT="bench/out"
PY="bench/.venv/bin/python"
mkdir -p "$OUT"

if [[ ! -f "$ZYTE/ground-truth.json" ]]; then
  echo "run_all: benchmark not found at $ZYTE (set ZYTE=...)" >&2
  exit 2
fi

if command -v taskset >/dev/null 2>&1; then
  PIN=(taskset -c "$CORE")
else
  echo "run_all: taskset not found; running unpinned" >&2
  PIN=()
fi

bash "$HERE/setup.sh"

echo
echo "== metric check against the published table"
"$PY" "$HERE/score.py" --zyte "$ZYTE" --check

echo
echo "== peers (pinned to core $CORE, $PASSES timed passes, fastest reported)"
timings=()
for peer in $PEERS; do
  case "$peer" in
    trafilatura) cmd=("$PY" "$HERE/run_trafilatura.py") ;;
    newspaper4k) cmd=("$PY" "$HERE/run_newspaper4k.py") ;;
    readability_js) cmd=(node "$HERE/run_readability.js") ;;
    *) echo "run_all: unknown peer $peer" >&2; exit 2 ;;
  esac
  # Library warnings go to a log; the runner's own per-page errors stay visible.
  "${PIN[@]}" "${cmd[@]}" --zyte "$ZYTE" --out "$OUT/$peer.json" --passes "$PASSES" \
    > "$OUT/$peer.timing.json" 2> "$OUT/$peer.stderr.log"
  grep -E "^$peer: " "$OUT/$peer.stderr.log" | cut -c1-160 || true
  cat "$OUT/$peer.timing.json"
  timings+=("$OUT/$peer.timing.json")
done

dl_args=()
if [[ -n "${DATELINE:-}" ]]; then
  echo
  echo "== dateline ($DATELINE)"
  rm -f "$OUT/dateline.bench.json" "$OUT/dateline.eval.json" "$OUT/dateline.cpu.json"
  if "${PIN[@]}" "$DATELINE" bench extract "$ZYTE/html" --threads 1 --repeat "$PASSES" --json \
      > "$OUT/dateline.bench.json" 2> "$OUT/dateline.bench.log"; then
    cat "$OUT/dateline.bench.json"
    # CPU time per pass, as the peers report it (see dateline_cpu.py).
    if "${PIN[@]}" "$PY" "$HERE/dateline_cpu.py" "$DATELINE" "$ZYTE/html" > "$OUT/dateline.cpu.json"; then
      cat "$OUT/dateline.cpu.json"
    else
      rm -f "$OUT/dateline.cpu.json"
    fi
  else
    echo "run_all: '$DATELINE bench extract' failed or does not exist; speed skipped:"
    head -5 "$OUT/dateline.bench.log"
    rm -f "$OUT/dateline.bench.json"
  fi
  if "$DATELINE" eval zyte --dir "$ZYTE" --json > "$OUT/dateline.eval.json" 2> "$OUT/dateline.eval.log"; then
    dl_args=(--dateline-bench "$OUT/dateline.bench.json" --dateline-eval "$OUT/dateline.eval.json"
             --dateline-cpu "$OUT/dateline.cpu.json")
    # The binary's metric and score.py must agree on the same predictions.
    for peer in $PEERS; do
      if "$DATELINE" eval zyte --dir "$ZYTE" --predictions "$OUT/$peer.json" --json \
          > "$OUT/$peer.dateline-eval.json" 2>/dev/null; then
        "$PY" - "$OUT/$peer.dateline-eval.json" "$OUT/$peer.json" "$ZYTE" <<'EOF'
import json, sys
sys.path.insert(0, "bench/peers")
import score
rust = json.load(open(sys.argv[1]))
_, preds = score.load_predictions(sys.argv[2])
py = score.score(score.load_ground_truth(__import__("pathlib").Path(sys.argv[3])), preds)
keys = [("f1", "f1"), ("precision", "precision"), ("recall", "recall"), ("accuracy", "accuracy")]
diff = max(abs(rust[a] - py[b]) for a, b in keys)
print(f"metric cross-check {sys.argv[2]}: max |dateline - score.py| = {diff:.2e}", "OK" if diff < 1e-9 else "DIFFERS")
EOF
      fi
    done
  else
    echo "run_all: '$DATELINE eval zyte' failed or does not exist; dateline row skipped:"
    head -5 "$OUT/dateline.eval.log"
  fi
fi

echo
echo "== results: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" "$HERE/table.py" --zyte "$ZYTE" "${dl_args[@]}" "${timings[@]}" | tee "$OUT/table.md"
