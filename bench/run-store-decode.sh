#!/usr/bin/env bash
# Reproduces perf-reports/<date>-store-decode: builds bench/target/benchmarks.jar (running the test that proves both
# decode paths read the same fields), records the environment, and runs StoreDecodeBenchmark with the GC profiler.
# Usage: bench/run-store-decode.sh [date]   (date defaults to today, e.g. 2026-11-21)
# Takes about a minute on 2 cores; run it on a quiet machine, other processes widen the error bars.
set -euo pipefail

cd "$(dirname "$0")/.."
DATE="${1:-$(date -u +%Y-%m-%d)}"
OUT="perf-reports/${DATE}-store-decode"

mvn -B -q -pl bench -am package -Dtest=StoreDecodePathsTest -Dsurefire.failIfNoSpecifiedTests=false
mkdir -p "$OUT"

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "--- java -version"
    java -version 2>&1
    echo "--- nproc: $(nproc)"
    lscpu | grep 'Model name' || true
    grep MemTotal /proc/meminfo || true
    echo "--- load before: $(uptime)"
} > "$OUT/environment.txt"

java -jar bench/target/benchmarks.jar StoreDecodeBenchmark -prof gc -rf json -rff "$OUT/jmh-store-decode.json" \
    | tee "$OUT/jmh-store-decode.log"

echo "--- load after: $(uptime)" >> "$OUT/environment.txt"
echo "Results in $OUT (write up the figures in $OUT/README.md)"
