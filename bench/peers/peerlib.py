"""Shared plumbing for the Python peer runners: load pages, time, write outputs.

Pages are read and gunzipped before any timing starts, so the figures cover
extraction only. All 181 benchmark pages are UTF-8; they are decoded as such,
which is what the benchmark's own runner scripts hand to each tool.
"""

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ZYTE = REPO_ROOT.parent / "shared" / "bench" / "zyte"
DEFAULT_OUT = REPO_ROOT / "bench" / "out"


def parse_args(peer):
    ap = argparse.ArgumentParser(description=f"Run {peer} over the Zyte benchmark pages.")
    ap.add_argument("--zyte", type=Path, default=DEFAULT_ZYTE, help="benchmark directory")
    ap.add_argument("--out", type=Path, default=None, help=f"output file (default bench/out/{peer}.json)")
    ap.add_argument("--passes", type=int, default=1, help="timed passes over all pages; the fastest is reported (outputs come from the first)")
    return ap


def load_pages(zyte):
    """Return [(id, url, html_text)] sorted by id, read fully before timing."""
    with open(zyte / "ground-truth.json", encoding="utf-8") as f:
        truth = json.load(f)
    pages = []
    for path in sorted((zyte / "html").glob("*.html.gz")):
        item_id = path.name[: -len(".html.gz")]
        with gzip.open(path, "rb") as f:
            html = f.read().decode("utf-8", errors="replace")
        pages.append((item_id, truth.get(item_id, {}).get("url"), html))
    if not pages:
        sys.exit(f"no pages under {zyte / 'html'}")
    return pages


def timed_pass(peer, pages, extract_one, report_errors):
    """One pass over all pages; returns (outputs, errors, wall s, CPU s).

    CPU time is kept beside wall time because the benchmark machine is shared:
    under contention wall time also counts time spent waiting for the core.
    """
    output = {}
    errors = 0
    clock = time.perf_counter
    cpu_clock = time.process_time
    total = 0.0
    cpu = 0.0
    for item_id, url, html in pages:
        start = clock()
        cpu_start = cpu_clock()
        try:
            body = extract_one(html, url)
        except Exception as exc:  # a peer failing on one page scores it empty
            body = None
            errors += 1
            if report_errors:
                print(f"{peer}: {item_id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        total += clock() - start
        cpu += cpu_clock() - cpu_start
        output[item_id] = {"articleBody": body if body is not None else ""}
    return output, errors, total, cpu


def run(peer, version, pages, extract_one, out, passes=1):
    """Time extract_one over every page; write outputs; print the summary line.

    One untimed extraction of the first page comes first so that one-time
    set-up inside the tool (lazy imports, caches, suffix lists) is not charged to
    the pages; every peer runner does the same.
    """
    try:
        extract_one(pages[0][2], pages[0][1])
    except Exception:
        pass
    output, errors, total, cpu = timed_pass(peer, pages, extract_one, True)
    times = [(total, cpu)]
    for _ in range(max(1, passes) - 1):
        times.append(timed_pass(peer, pages, extract_one, False)[2:])
    # Fastest pass, as `dateline bench extract` reports it: the least disturbed
    # by other work on a shared machine. Wall and CPU minima are taken separately.
    total = min(t for t, _ in times)
    cpu = min(c for _, c in times)
    out = out or DEFAULT_OUT / f"{peer}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"version": version, "output": output}, f, ensure_ascii=False)
    summary = {
        "peer": peer,
        "version": version,
        "pages": len(pages),
        "errors": errors,
        "seconds": round(total, 4),
        "cpu_seconds": round(cpu, 4),
        "passes": [round(t, 4) for t, _ in times],
        "pages_per_s": round(len(pages) / total, 2) if total > 0 else None,
        "ms_per_page": round(1000 * total / len(pages), 3),
        "cpu_pages_per_s": round(len(pages) / cpu, 2) if cpu > 0 else None,
        "output": str(out),
    }
    print(json.dumps(summary), flush=True)
    return summary
