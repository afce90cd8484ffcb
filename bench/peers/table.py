#!/usr/bin/env python3
"""Markdown table of quality and one-core speed for the peers (and dateline).

Reads the timing lines the runners print (saved by run_all.sh as
bench/out/<peer>.timing.json), scores each peer's outputs with score.py's
metric, and adds a dateline row when its `bench extract --json` and
`eval zyte --json` outputs are given.

Usage: table.py [--zyte DIR] [--dateline-bench F --dateline-eval F --dateline-cpu F] TIMING.json...
"""

import argparse
import json
import sys
from pathlib import Path

import score


def first_json_line(path):
    """The first line of the file that parses as a JSON object."""
    text = Path(path).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    # `eval zyte --json` pretty-prints over several lines.
    return json.loads(text)


def fmt(x, spec):
    return format(x, spec) if isinstance(x, (int, float)) else "n/a"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("timings", nargs="*", type=Path)
    ap.add_argument("--zyte", type=Path, default=score.DEFAULT_ZYTE)
    ap.add_argument("--dateline-bench", type=Path)
    ap.add_argument("--dateline-eval", type=Path)
    ap.add_argument("--dateline-cpu", type=Path)
    args = ap.parse_args()
    truth = score.load_ground_truth(args.zyte)

    rows = []
    for path in args.timings:
        t = first_json_line(path)
        version, preds = score.load_predictions(t["output"])
        m = score.score(truth, preds)
        extra = f" (jsdom {t['jsdom']})" if t.get("jsdom") else ""
        rows.append({
            "peer": t["peer"],
            "version": f"{version}{extra}",
            "f1": m["f1"], "p": m["precision"], "r": m["recall"], "acc": m["accuracy"],
            "pps": t.get("pages_per_s"), "cpu_pps": t.get("cpu_pages_per_s"),
            "ms": t.get("ms_per_page"), "errors": t.get("errors"),
        })

    if args.dateline_eval and args.dateline_eval.exists():
        e = first_json_line(args.dateline_eval)
        b = {}
        if args.dateline_bench and args.dateline_bench.exists():
            b = first_json_line(args.dateline_bench)
        c = {}
        if args.dateline_cpu and args.dateline_cpu.exists():
            c = first_json_line(args.dateline_cpu)
        pps = b.get("pages_per_s")
        rows.append({
            "peer": "dateline",
            "version": b.get("version", "?"),
            "f1": e.get("f1"), "p": e.get("precision"), "r": e.get("recall"),
            "acc": e.get("accuracy"),
            "pps": pps, "cpu_pps": c.get("cpu_pages_per_s"),
            "ms": 1000.0 / pps if isinstance(pps, (int, float)) and pps > 0 else None,
            "errors": b.get("failed"),
        })

    print("| peer | version | F1 | P | R | accuracy | pages/s (1 core, wall) | ms/page | pages/s (CPU time) | failed pages |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['peer']} | {r['version']} | {fmt(r['f1'], '.3f')} | {fmt(r['p'], '.3f')} "
            f"| {fmt(r['r'], '.3f')} | {fmt(r['acc'], '.3f')} | {fmt(r['pps'], '.1f')} "
            f"| {fmt(r['ms'], '.1f')} | {fmt(r['cpu_pps'], '.1f')} | {fmt(r['errors'], 'd')} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
