#!/usr/bin/env python3
"""CPU time per extraction pass of `dateline bench extract`, one thread.

`dateline bench extract` reports wall time only. On a shared machine the peers'
CPU-time figures are the steadier ones, so this gives dateline the same: it runs
the benchmark twice, with --repeat LOW and --repeat HIGH, and takes the
difference of the children's CPU time (getrusage). Reading and gunzipping the
pages, process start-up and the warm first pass cancel out; what remains is
HIGH-LOW extraction passes.

Usage: dateline_cpu.py DATELINE HTML_DIR [--low 1] [--high 6]
Prints one JSON line: {cpu_seconds_per_pass, cpu_pages_per_s, pages, low, high}.
"""

import argparse
import json
import resource
import subprocess
import sys


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(binary, html_dir, repeat):
    before = children_cpu()
    out = subprocess.run(
        [binary, "bench", "extract", html_dir, "--threads", "1", "--repeat", str(repeat), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    cpu = children_cpu() - before
    pages = None
    for line in out.splitlines():
        if line.strip().startswith("{"):
            pages = json.loads(line).get("pages")
            break
    return cpu, pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dateline")
    ap.add_argument("html_dir")
    ap.add_argument("--low", type=int, default=1)
    ap.add_argument("--high", type=int, default=6)
    args = ap.parse_args()
    if args.high <= args.low:
        sys.exit("--high must exceed --low")
    cpu_low, _ = run(args.dateline, args.html_dir, args.low)
    cpu_high, pages = run(args.dateline, args.html_dir, args.high)
    per_pass = (cpu_high - cpu_low) / (args.high - args.low)
    print(json.dumps({
        "cpu_seconds_per_pass": round(per_pass, 4),
        "cpu_pages_per_s": round(pages / per_pass, 2) if pages and per_pass > 0 else None,
        "pages": pages, "low": args.low, "high": args.high,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
