#!/usr/bin/env python3
"""Builds a large corpus from the fixtures, for memory and throughput runs.

    python3 benches/make_corpus.py DIR [N]

writes N documents (default 50,000) as loose files under DIR/files/ (100
folders) and the same documents as 50 JSONL shards under DIR/shards/. Each
document is a fixture (docs and sites, round-robin) with a line naming its
copy, so that no two are identical.
"""
import json, os, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
out = Path(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
sources = sorted(p for p in (root / "fixtures/docs").iterdir() if p.is_file())
sources += sorted(p for p in (root / "fixtures/sites").rglob("*") if p.is_file())
blobs = [(p.suffix, p.read_bytes()) for p in sources]
shards = [open(out / "shards" / f"part-{i:03}.jsonl", "w") for i in range(50)] if (out / "shards").mkdir(parents=True, exist_ok=True) is None else []
for i in range(n):
    suffix, data = blobs[i % len(blobs)]
    if data:
        data = data + f"\n\nCopy {i}.\n".encode()
    folder = out / "files" / f"d{i % 100:02}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{i:06}{suffix}").write_bytes(data)
    line = {"id": str(i)}
    try:
        line["html" if suffix == ".html" else "text"] = data.decode("utf-8")
    except UnicodeDecodeError:
        import base64
        line["content_base64"] = base64.b64encode(data).decode()
    shards[i % 50].write(json.dumps(line, ensure_ascii=False) + "\n")
for s in shards:
    s.close()
