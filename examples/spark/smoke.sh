#!/usr/bin/env bash
# Spark smoke test: installs PySpark in a virtualenv (once, under target/),
# runs examples/spark/cistron_spark.py in local[2] mode over the fixture
# shards and documents, and checks that Spark's output is byte for byte the
# output of one `cistron run` over the same paths. Needs Java 17+ and the
# Python package registry the first time.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${CISTRON_BIN:-target/debug/cistron}"
[ -x "$binary" ] || cargo build --quiet
if ! command -v java >/dev/null; then
    echo "spark smoke test: java not found; PySpark needs Java 17 or newer" >&2
    exit 1
fi
venv=target/spark-venv
if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r examples/spark/requirements.txt
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
paths=(fixtures/shards/crawl.warc.gz fixtures/shards/pages.jsonl fixtures/docs)
abs=()
for p in "${paths[@]}"; do abs+=("$(realpath "$p")"); done
"$binary" run -q -j 1 "${abs[@]}" > "$work/direct.jsonl" || [ $? -eq 1 ]
"$venv/bin/python" examples/spark/cistron_spark.py --master 'local[2]' \
    --binary "$(realpath "$binary")" "${paths[@]}" > "$work/spark.jsonl" 2> "$work/spark.log" || {
    echo "spark smoke test: the Spark job failed:" >&2
    tail -40 "$work/spark.log" >&2
    exit 1
}
n=$(wc -l < "$work/spark.jsonl")
if [ "$n" -eq 0 ] || ! cmp -s "$work/direct.jsonl" "$work/spark.jsonl"; then
    echo "spark smoke test: Spark's records ($n lines) differ from cistron run's" >&2
    diff <(cut -c1-200 "$work/direct.jsonl") <(cut -c1-200 "$work/spark.jsonl") | head -20 >&2
    exit 1
fi
echo "spark smoke test: $n records through local[2], identical to cistron run"
