#!/usr/bin/env python3
"""Scores Cistron on the real-text development set (issue 25).

Runs `BIN run -q DIR -o OUT.jsonl` over the excerpts, turns each record's
entities into the notation of tests/entities.rs `notation()`, compares them
with annotations.txt and prints precision/recall/F1 per type (P, V, S), a
lenient status score (kind and target only) and every miss and extra.

The excerpts are third-party text and are not in git; when the folder is
absent or empty the runner says so and exits 0. Standard library only.

    python3 tests/realtext/score.py [--bin PATH] [--split train|validation|all]
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TYPES = ("P", "V", "S")


def parse_expected(s):
    """`a; b; c` or `-`, whitespace collapsed, as tests/entities.rs `expected()`."""
    if s.strip() == "-":
        return set()
    return {" ".join(x.split()) for x in s.split(";") if x.strip()}


def load_annotations(path):
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if " => " not in line:
            sys.exit(f"{path}:{n}: no ` => `")
        key, want = line.split(" => ", 1)
        out[key.strip()] = parse_expected(want)
    return out


def load_sources(path):
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f, delimiter="\t")}


def notation(entities):
    """The same strings as tests/entities.rs `notation()`."""
    out = set()
    for p in entities.get("products") or []:
        out.add(f"P:{p['name']}")
    for v in entities.get("vectors") or []:
        out.add(f"V:{v['name']}")
    for s in entities.get("statuses") or []:
        parts = [s["status"]]
        for key in ("phase", "agency", "region"):
            if s.get(key) is not None:
                parts.append(str(s[key]))
        if s.get("year") is not None:
            parts.append(str(s["year"]))
        if s.get("product") is not None:
            target = s["product"]
        elif s.get("class") is not None:
            target = f"class {s['class']}"
        else:
            target = "?"
        out.add(f"S:{' '.join(parts)} -> {target}")
    return out


def lenient(items):
    """Statuses reduced to (kind, target)."""
    out = set()
    for x in items:
        if x.startswith("S:") and " -> " in x:
            head, target = x[2:].split(" -> ", 1)
            out.add((head.split()[0] if head.split() else "", target))
    return out


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_cistron(binary, files, jobs):
    with tempfile.TemporaryDirectory(prefix="realtext-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        for f in files:
            shutil.copyfile(f, docs / f.name)
        out = Path(tmp) / "out.jsonl"
        cmd = [str(binary), "run", "-q", str(docs), "-o", str(out)]
        if jobs:
            cmd += ["-j", str(jobs)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0 and not out.exists():
            sys.exit(f"cistron failed ({proc.returncode}): {proc.stderr.strip()}")
        records = {}
        errors = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            src = rec.get("source") or rec.get("origin") or {}
            name = src.get("name") or Path(src.get("path", "")).name
            key = Path(name).stem
            if rec.get("kind") == "document":
                records[key] = notation(rec.get("entities") or {})
            else:
                errors[key] = rec.get("error") or rec.get("kind")
        return records, errors


def report(title, ids, got, want):
    counts = {t: [0, 0, 0] for t in TYPES}
    len_counts = [0, 0, 0]
    for i in ids:
        g, w = got.get(i, set()), want[i]
        for t in TYPES:
            gt = {x for x in g if x.startswith(t + ":")}
            wt = {x for x in w if x.startswith(t + ":")}
            counts[t][0] += len(gt & wt)
            counts[t][1] += len(gt - wt)
            counts[t][2] += len(wt - gt)
        gl, wl = lenient(g), lenient(w)
        len_counts[0] += len(gl & wl)
        len_counts[1] += len(gl - wl)
        len_counts[2] += len(wl - gl)
    print(f"\n== {title}: {len(ids)} excerpts")
    print(f"{'type':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for t, name in zip(TYPES, ("products", "vectors", "statuses")):
        tp, fp, fn = counts[t]
        p, r, f = prf(tp, fp, fn)
        print(f"{name:<12}{p:7.2f}{r:7.2f}{f:7.2f}{tp:6}{fp:6}{fn:6}")
    tp, fp, fn = len_counts
    p, r, f = prf(tp, fp, fn)
    print(f"{'S lenient':<12}{p:7.2f}{r:7.2f}{f:7.2f}{tp:6}{fp:6}{fn:6}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/cistron",
                    help="the cistron binary (relative paths are taken from the repository root)")
    ap.add_argument("--split", choices=("train", "validation", "all"), default="all")
    ap.add_argument("--jobs", type=int, default=0, help="worker threads passed to `cistron run -j`")
    args = ap.parse_args()

    excerpts = HERE / "excerpts"
    files = sorted(excerpts.glob("*.txt")) if excerpts.is_dir() else []
    if not files:
        print(f"No excerpts in {excerpts}: the real-text set is not in git. "
              "Fetch the texts listed in tests/realtext/sources.tsv (see README.md); skipping.")
        return 0

    want = load_annotations(HERE / "annotations.txt")
    sources = load_sources(HERE / "sources.tsv")
    present = {f.stem: f for f in files}
    for i in sorted(set(present) - set(want)):
        print(f"warning: excerpt {i} has no annotation; ignored")
    ids = sorted(i for i in present if i in want)
    for i in sorted(set(want) - set(present)):
        print(f"note: annotation {i} has no excerpt; skipped")

    def split_of(i):
        return sources.get(i, {}).get("split", "train")

    if args.split != "all":
        ids = [i for i in ids if split_of(i) == args.split]
    if not ids:
        print(f"No annotated excerpts in split {args.split}; nothing to score.")
        return 0

    binary = Path(args.bin)
    if not binary.is_absolute() and not binary.exists():
        binary = REPO / binary
    if not binary.exists():
        sys.exit(f"no cistron binary at {binary}; build it or pass --bin")

    got, errors = run_cistron(binary, [present[i] for i in ids], args.jobs)
    for i, e in sorted(errors.items()):
        print(f"error record for {i}: {e}")
    for i in ids:
        if i not in got and i not in errors:
            print(f"warning: no record for {i}")

    print("\n== misses (-) and extras (+) per excerpt")
    for i in ids:
        g, w = got.get(i, set()), want[i]
        miss, extra = sorted(w - g), sorted(g - w)
        if miss or extra:
            src = sources.get(i, {})
            print(f"{i} [{src.get('split', '?')}, {src.get('language', '?')}, {src.get('kind', '?')}]")
            for x in miss:
                print(f"   - {x}")
            for x in extra:
                print(f"   + {x}")

    splits = ("train", "validation") if args.split == "all" else (args.split,)
    for s in splits:
        report(s, [i for i in ids if split_of(i) == s], got, want)
    if args.split == "all":
        report("all", ids, got, want)
    return 0


if __name__ == "__main__":
    sys.exit(main())
