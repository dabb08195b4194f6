#!/usr/bin/env bash
# Seeds each target's corpus from the fixtures, then fuzzes every target (or
# those named) for SECONDS (default 600), printing libFuzzer's exec counts.
#   fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); builds on the stable
# toolchain with RUSTC_BOOTSTRAP=1. Crashes land in fuzz/artifacts/TARGET/;
# copy each into fixtures/hostile/ with its expected outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode repair html reduce flat extract references shards pipeline)
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
    corpus="fuzz/corpus/$t"
    mkdir -p "$corpus"
    for f in fixtures/docs/* fixtures/sites/*/* fixtures/shards/* fixtures/hostile/*; do
        [ -f "$f" ] && cp -n "$f" "$corpus/seed-$(basename "$f")" 2>/dev/null || true
    done
    cargo fuzz run "$t" "$corpus" -- -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=2048 2>&1 \
        | tee "fuzz/$t.log" | grep -E "^#[0-9]+ +DONE|Done [0-9]+ runs|SUMMARY|panicked|ERROR" || true
done
