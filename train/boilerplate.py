#!/usr/bin/env python3
"""Train the learned boilerplate judges: one for HTML blocks, one for lines of flattened text.

Reproducible end to end: the same binary, the same pages and the pinned packages in
`train/requirements.txt` give the same model files byte for byte (LightGBM runs on one
thread with `deterministic`, every seed fixed, rows in a fixed order).

    pip install -r train/requirements.txt
    cargo build --release
    python3 train/boilerplate.py                 # writes src/boilerplate/model/{html,text}.json
    python3 train/boilerplate.py --check         # retrains and fails if the files would change

Data: the *train* split of WCXB's development set (`../shared/conformance/wcxb_dev/`, split
by host exactly as its `score.py` splits it; the validation split is never read here).
Every block Cistron's parser makes of a page is labelled main content when most of it is
found in the page's reference text (word 3-grams for blocks of three words or more, words
for shorter ones). For the text judge each page is flattened four ways (html_text with
layout guessing, inscriptis, lxml's text_content, BeautifulSoup's get_text("\\n")) so
the model does not learn one flattener's habits, and a fifth time cut to the span from the first to the last line of main content
(a page a scraper already cut to its main container, where the last lines are content). The HTML judge also learns from the 990
snippet-annotated pages of `../shared/conformance/boilerplate/` (blocks holding a `with`
snippet are content, blocks holding a `without` snippet are not).

Rows are weighted so that every page counts the same, and within a page every word does
(the scorer's bag-of-words F1 is a mean over pages of a measure over words). The keep
threshold is chosen on out-of-fold predictions (folds by host) for the best mean page F1.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import pickle
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WCXB = ROOT.parent / "shared" / "conformance" / "wcxb_dev"
WORK = ROOT / "train" / "work"
SNIPPETS = ROOT.parent / "shared" / "conformance" / "boilerplate"
TOKEN = re.compile(r"\w+", re.UNICODE)

PARAMS = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "feature_fraction_seed": 7,
    "bagging_seed": 7,
    "data_random_seed": 7,
    "seed": 7,
    "lambda_l2": 1.0,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}
ROUNDS = 120
# Per judge: the HTML model is evaluated on every block of every page, so it is the small
# one. A sweep on train (2-fold out-of-fold page F1, three feature-sampling seeds) found 25
# trees of 7 leaves at learning rate 0.3 within 0.0013 of 120 trees of 31 leaves (0.8329
# against 0.8342) at a ninth of the comparisons per block (78 against 738).
MODEL = {
    "html": {"learning_rate": 0.3, "num_leaves": 7, "rounds": 25},
    "text": {"learning_rate": 0.1, "num_leaves": 31, "rounds": ROUNDS},
}
# The views of each page a judge learns from: the markup for the HTML judge; for the
# text judge four flatteners and the page cut to its main content (see `variant_text`).
VARIANTS = {
    "html": ("html",),
    "text": ("html_text", "inscriptis", "lxml", "bs4", "cropped"),
}


def load_scorer():
    spec = importlib.util.spec_from_file_location("wcxb_score", WCXB / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def flatteners():
    import html_text
    import inscriptis
    import lxml.html
    from bs4 import BeautifulSoup

    def lxml_text(text):
        return lxml.html.fromstring(text).text_content() if text.strip() else ""

    return {
        "html_text": lambda t: html_text.extract_text(t, guess_layout=True),
        "inscriptis": inscriptis.get_text,
        "lxml": lxml_text,
        "bs4": lambda t: BeautifulSoup(t, "lxml").get_text("\n"),
    }


def features(cistron: str, paths: list[Path], media: str) -> dict[str, dict]:
    """Runs `cistron features` over `paths`; returns {path: {"blocks": [...]}} and names."""
    out: dict[str, dict] = {}
    names = None
    for start in range(0, len(paths), 200):
        chunk = [str(p) for p in paths[start:start + 200]]
        proc = subprocess.run([cistron, "features", "--media-type", media, *chunk],
                              capture_output=True, check=True)
        for line in proc.stdout.decode("utf-8").splitlines():
            doc = json.loads(line)
            names = doc.get("names", names)
            out[doc["path"]] = doc
    return out, names


def block_label(text: str, ref_words: set, ref_trigrams: set) -> tuple[int, int]:
    """(label, words) of a block against a page's reference."""
    words = TOKEN.findall(text.lower())
    if not words:
        return 0, 0
    if len(words) >= 3:
        grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
        share = sum(g in ref_trigrams for g in grams) / len(grams)
    else:
        share = sum(w in ref_words for w in words) / len(words)
    return int(share >= 0.5), len(words)


def reference_sets(body: str):
    words = TOKEN.findall((body or "").lower())
    return set(words), {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def variant_text(it: dict, variant: str, decoded: str, flat: dict) -> str:
    """The page `it` as the text judge sees it under `variant`."""
    if variant == "cropped":
        # The page a scraper cut to its main container: html_text's lines from the
        # first to the last one the reference holds, the chrome between them left
        # in. Without it the model learns that a page's last lines are chrome, true
        # of whole pages and not of pre-cut ones.
        lines = variant_text(it, "html_text", decoded, flat).splitlines()
        words, trigrams = reference_sets(it.get("articleBody"))
        inside = [i for i, line in enumerate(lines) if block_label(line, words, trigrams)[0]]
        return "\n".join(lines[inside[0]:inside[-1] + 1]) + "\n" if inside else ""
    try:
        return flat[variant](decoded)
    except Exception:  # a flattener that fails on a page gives no rows
        return ""


def prepare(cistron: str, items: list[dict], variant: str):
    """Feature rows, labels, weights and page keys of one view of the pages:
    `html` (the markup) or one of TEXT_VARIANTS (flattened)."""
    media = "html" if variant == "html" else "text"
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / media).mkdir(exist_ok=True)
    paths, owner = [], {}
    flat = flatteners() if media == "text" else {}
    for it in items:
        raw = gzip.decompress((WCXB / it["file"]).read_bytes())
        if media == "html":
            path = WORK / "html" / f"{it['id']}.html"
            if not path.exists():
                path.write_bytes(raw)
        else:
            path = WORK / "text" / f"{it['id']}.{variant}.txt"
            if not path.exists():
                text = variant_text(it, variant, raw.decode("utf-8", errors="replace"), flat)
                path.write_text(text, encoding="utf-8")
        paths.append(path)
        owner[str(path)] = it
    docs, names = features(cistron, paths, media)
    rows, labels, weights, pages = [], [], [], []
    sets = {}
    for path in paths:
        doc = docs.get(str(path))
        if not doc or not doc["blocks"]:
            continue
        it = owner[str(path)]
        if it["id"] not in sets:
            sets[it["id"]] = reference_sets(it.get("articleBody"))
        ref_words, ref_trigrams = sets[it["id"]]
        page_rows = []
        for block in doc["blocks"]:
            label, words = block_label(block["text"], ref_words, ref_trigrams)
            page_rows.append((block["x"], label, words, block["text"]))
        total = sum(w for _, _, w, _ in page_rows) or 1
        key = f"{it['id']}:{variant}"
        for x, label, words, text in page_rows:
            rows.append(x)
            labels.append(label)
            weights.append(100.0 * max(words, 1) / total)
            pages.append((key, it["url"], text, it.get("articleBody") or ""))
    return names, rows, labels, weights, pages


def norm(text: str) -> str:
    return " ".join(text.split())


def prepare_snippets(cistron: str):
    """Rows of the 990 snippet-annotated pages (`../shared/conformance/boilerplate/`):
    a block holding one of a page's `with` snippets is main content, one holding a
    `without` snippet is not, the rest are not labelled. Each page weighs what a
    WCXB page weighs."""
    items = json.loads((SNIPPETS / "evaldata.json").read_text(encoding="utf-8"))
    (WORK / "snippets").mkdir(parents=True, exist_ok=True)
    paths, owner = [], {}
    for it in items:
        path = WORK / "snippets" / (Path(it["file"]).name.removesuffix(".gz"))
        if not path.exists():
            path.write_bytes(gzip.decompress((SNIPPETS / it["file"]).read_bytes()))
        paths.append(path)
        owner[str(path)] = it
    docs, names = features(cistron, paths, "html")
    rows, labels, weights, pages = [], [], [], []
    for path in paths:
        doc = docs.get(str(path))
        if not doc:
            continue
        it = owner[str(path)]
        found = []
        for block in doc["blocks"]:
            text = norm(block["text"])
            has_with = any(norm(s) in text for s in it["with"])
            has_without = any(norm(s) in text for s in it["without"])
            if has_with != has_without:
                found.append((block["x"], int(has_with), block["text"]))
        for x, label, text in found:
            rows.append(x)
            labels.append(label)
            weights.append(100.0 / len(found))
            pages.append((f"snippets:{it['file']}", it["url"], text, None))
    return names, rows, labels, weights, pages


def page_f1(pages, keep) -> float:
    """Mean bag-of-words F1 over pages when the blocks in `keep` are kept."""
    by_page: dict[str, list] = {}
    for (key, _, text, body), k in zip(pages, keep):
        if body is None:  # a snippet page: no reference text to score against
            continue
        entry = by_page.setdefault(key, [body, []])
        if k:
            entry[1].append(text)
    scores = []
    for body, kept in by_page.values():
        ref = Counter(TOKEN.findall(body.lower()))
        hyp = Counter(TOKEN.findall("\n".join(kept).lower()))
        if not ref:
            scores.append(1.0 if not hyp else 0.0)
            continue
        if not hyp:
            scores.append(0.0)
            continue
        overlap = sum((ref & hyp).values())
        p, r = overlap / sum(hyp.values()), overlap / sum(ref.values())
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(scores) / len(scores)


def host_fold(url: str, folds: int) -> int:
    from urllib.parse import urlsplit
    host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    return int(hashlib.sha256(host.encode()).hexdigest(), 16) % folds


def train(names, rows, labels, weights, pages, rounds: int, folds: int = 2) -> dict:
    import lightgbm as lgb
    import numpy as np

    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    fold = np.asarray([host_fold(p[1], folds) for p in pages])
    oof = np.zeros(len(y))
    for f in range(folds):
        tr, te = fold != f, fold == f
        booster = lgb.train(PARAMS, lgb.Dataset(x[tr], y[tr], weight=w[tr], free_raw_data=False),
                            num_boost_round=rounds)
        oof[te] = booster.predict(x[te])
    best = max((page_f1(pages, oof >= t), -abs(t - 0.5), t) for t in np.arange(0.2, 0.81, 0.025))
    threshold = round(float(best[2]), 3)
    print(f"  out-of-fold mean page F1 {best[0]:.4f} at threshold {threshold}", file=sys.stderr)
    booster = lgb.train(PARAMS, lgb.Dataset(x, y, weight=w), num_boost_round=rounds)
    return export(booster, names, threshold)


def export(booster, names, threshold: float) -> dict:
    """The model in the flat form `src/boilerplate/model.rs` reads."""
    dump = booster.dump_model()
    trees = []
    for info in dump["tree_info"]:
        tree = {"feature": [], "threshold": [], "left": [], "right": [], "value": [], "leaf": []}

        def walk(node) -> int:
            if "leaf_index" in node or "split_index" not in node:
                tree["leaf"].append(float(node.get("leaf_value", 0.0)))
                return ~(len(tree["leaf"]) - 1)
            if node["decision_type"] != "<=":
                raise SystemExit(f"unsupported decision {node['decision_type']}")
            i = len(tree["feature"])
            for key in ("feature", "threshold", "left", "right", "value"):
                tree[key].append(None)
            tree["feature"][i] = int(node["split_feature"])
            tree["threshold"][i] = float(node["threshold"])
            tree["value"][i] = float(node["internal_value"])
            tree["left"][i] = walk(node["left_child"])
            tree["right"][i] = walk(node["right_child"])
            return i

        walk(info["tree_structure"])
        trees.append(tree)
    return {"features": names, "threshold": threshold, "trees": trees}


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*")):
        if path.is_file() and "model" not in path.relative_to(ROOT / "src").parts[1:2]:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cistron", default=str(ROOT / "target" / "release" / "cistron"))
    parser.add_argument("--check", action="store_true", help="fail if retraining changes the model files")
    parser.add_argument("--only", choices=["html", "text"], help="train one judge")
    parser.add_argument("--rounds", type=int, help="override the judge's rounds (MODEL)")
    parser.add_argument("--learning-rate", type=float, help="override the judge's learning rate")
    parser.add_argument("--leaves", type=int, help="override the judge's leaves per tree")
    args = parser.parse_args()
    scorer = load_scorer()
    items = scorer.load("train")
    print(f"{len(items)} train pages", file=sys.stderr)
    # Rows depend on the code and the pages only (not on the embedded models):
    # cache them by a hash of the sources the binary was built from.
    kinds = (args.only,) if args.only else ("html", "text")
    data = {}
    for media in kinds:
        parts = []
        for variant in VARIANTS[media]:
            cache = WORK / f"rows-{variant}-{source_hash()}.pickle"
            if cache.exists():
                part = pickle.loads(cache.read_bytes())
            else:
                part = prepare(args.cistron, items, variant)
                cache.write_bytes(pickle.dumps(part))
            parts.append(part)
        names = parts[0][0]
        data[media] = (names, *(sum((p[i] for p in parts), []) for i in range(1, 5)))
    out_dir = ROOT / "src" / "boilerplate" / "model"
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = False
    for media in ("html", "text"):
        if args.only and media != args.only:
            continue
        names, rows, labels, weights, pages = data[media]
        if media == "html":
            cache = WORK / f"rows-snippets-{source_hash()}.pickle"
            if cache.exists():
                extra = pickle.loads(cache.read_bytes())
            else:
                extra = prepare_snippets(args.cistron)
                cache.write_bytes(pickle.dumps(extra))
            rows, labels, weights, pages = (a + b for a, b in zip((rows, labels, weights, pages), extra[1:]))
            print(f"  with {len(extra[1])} labelled blocks of the 990 snippet pages", file=sys.stderr)
        print(f"{media}: {len(rows)} blocks, {sum(labels)} main content", file=sys.stderr)
        spec = MODEL[media]
        PARAMS.update(learning_rate=args.learning_rate or spec["learning_rate"],
                      num_leaves=args.leaves or spec["num_leaves"])
        model = train(names, rows, labels, weights, pages, rounds=args.rounds or spec["rounds"])
        text = json.dumps(model, separators=(",", ":")) + "\n"
        path = out_dir / f"{media}.json"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        changed |= old != text
        if not args.check:
            path.write_text(text, encoding="utf-8")
        print(f"  {path.relative_to(ROOT)}: {len(text)} bytes, "
              f"{'unchanged' if old == text else 'changed'}", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
