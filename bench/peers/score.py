#!/usr/bin/env python3
"""Score article-body predictions against the Zyte benchmark ground truth.

The metric follows bench/zyte/README.md (the benchmark's own evaluate.py) to the
letter, so figures compare with the published table:

- tokens are the matches of the Unicode regex ``\\w+``, case kept;
- shingles are runs of 4 consecutive tokens (fewer than 4 tokens give one shingle
  of all of them, no tokens give none), counted as a multiset;
- per page tp/fp/fn come from the multiset intersection and are each divided by
  tp+fp+fn when that is positive, so long pages do not weigh more;
- precision is the mean of page precisions over pages with tp+fp > 0, recall the
  mean over pages with tp+fn > 0, F1 the harmonic mean of those two means;
- accuracy is the share of pages whose token list equals the truth's.

A page missing from the predictions, or with a null body, counts as an empty
prediction (the published trafilatura output has nulls where it gave up).

Usage:
  score.py PRED.json [PRED.json ...]        print one JSON line per file
  score.py --check                           score published-outputs and compare
                                             with the README table (exit 1 on a miss)
  score.py --markdown PRED.json ...          print a markdown table instead
Options: --zyte DIR (default: ../shared/bench/zyte relative to the repo root).
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ZYTE = REPO_ROOT.parent / "shared" / "bench" / "zyte"

# Python's str regexes are Unicode-aware by default; the flag documents intent.
TOKEN_RE = re.compile(r"\w+", re.UNICODE)

# Published figures (F1, P, R) from the benchmark README, keyed by the file stem
# in published-outputs/. Only systems whose outputs ship with the benchmark copy.
PUBLISHED = {
    "rs_trafilatura": (0.970, 0.951, 0.990),
    "go_trafilatura": (0.960, 0.940, 0.980),
    "trafilatura": (0.958, 0.938, 0.978),
    "readability_js": (0.947, 0.914, 0.982),
    "dom_smoothie": (0.865, 0.785, 0.963),
}


def tokenize(text):
    return TOKEN_RE.findall(text or "")


def shingles(tokens, n=4):
    # range(max(1, len-n+1)) yields one short shingle for 1..3 tokens and an
    # empty one for no tokens, which is dropped: exactly the reference behaviour.
    out = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        sh = tuple(tokens[i : i + n])
        if sh:
            out[sh] += 1
    return out


def page_tp_fp_fn(true_tokens, pred_tokens):
    t = shingles(true_tokens)
    p = shingles(pred_tokens)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        tc = t.get(key, 0)
        pc = p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    if s > 0:
        return tp / s, fp / s, fn / s
    return 0.0, 0.0, 0.0


def page_precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def load_predictions(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    # Published-outputs format wraps the map; the bare map is accepted too.
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        return data.get("version"), data["output"]
    return None, data


def body_of(entry):
    if isinstance(entry, dict):
        body = entry.get("articleBody")
    else:
        body = entry
    return body if isinstance(body, str) else ""


def score(ground_truth, predictions):
    triples = []
    exact = 0
    for key, item in ground_truth.items():
        true_tokens = tokenize(item.get("articleBody", ""))
        pred_tokens = tokenize(body_of(predictions.get(key)))
        triples.append(page_tp_fp_fn(true_tokens, pred_tokens))
        if true_tokens == pred_tokens:
            exact += 1
    precision = mean([page_precision(*x) for x in triples if x[0] + x[1] > 0])
    recall = mean([page_recall(*x) for x in triples if x[0] + x[2] > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    missing = sum(1 for k in ground_truth if k not in predictions)
    return {
        "pages": len(ground_truth),
        "missing": missing,
        "f1": f1,
        "precision": precision,
        "recall": recall,
        "accuracy": exact / len(ground_truth) if ground_truth else 0.0,
    }


def load_ground_truth(zyte):
    with open(zyte / "ground-truth.json", encoding="utf-8") as f:
        return json.load(f)


def check_published(zyte, ground_truth):
    ok = True
    outputs = zyte / "published-outputs"
    for name, (f1, p, r) in PUBLISHED.items():
        path = outputs / f"{name}.json"
        if not path.exists():
            print(f"skip {name}: {path} not found")
            continue
        version, preds = load_predictions(path)
        m = score(ground_truth, preds)
        got = (round(m["f1"], 3), round(m["precision"], 3), round(m["recall"], 3))
        match = got == (f1, p, r)
        ok &= match
        print(
            f"{'OK  ' if match else 'MISS'} {name:<16} version={version} "
            f"F1={m['f1']:.4f} P={m['precision']:.4f} R={m['recall']:.4f} "
            f"acc={m['accuracy']:.4f} | published F1={f1:.3f} P={p:.3f} R={r:.3f}"
        )
    print("check: all published figures reproduced to 3 decimals" if ok else "check: MISMATCH")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("predictions", nargs="*", type=Path)
    ap.add_argument("--zyte", type=Path, default=DEFAULT_ZYTE)
    ap.add_argument("--check", action="store_true", help="reproduce the published table")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = ap.parse_args()

    if not (args.zyte / "ground-truth.json").exists():
        print(f"ground truth not found under {args.zyte}", file=sys.stderr)
        return 2
    ground_truth = load_ground_truth(args.zyte)

    if args.check:
        if not check_published(args.zyte, ground_truth):
            return 1
    rows = []
    for path in args.predictions:
        version, preds = load_predictions(path)
        m = score(ground_truth, preds)
        m = {"file": str(path), "version": version, **m}
        rows.append(m)
        if not args.markdown:
            print(json.dumps(m))
    if args.markdown and rows:
        print("| file | version | F1 | P | R | accuracy |")
        print("| --- | --- | --- | --- | --- | --- |")
        for m in rows:
            print(
                f"| {m['file']} | {m['version']} | {m['f1']:.3f} | {m['precision']:.3f} "
                f"| {m['recall']:.3f} | {m['accuracy']:.3f} |"
            )
    if not args.check and not args.predictions:
        ap.print_usage()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
