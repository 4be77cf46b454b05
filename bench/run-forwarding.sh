#!/usr/bin/env bash
# Reproduces perf-reports/<date>-forwarding: builds the relo jar and bench/target/benchmarks.jar (running the tests
# that prove the harness counts every frame and that both decision and decode paths agree), waits for a quiet machine,
# records the environment, runs `./relo bench forwarding` (harness runs + JMH ForwardingDecisionBenchmark), then JMH
# StoreDecodeBenchmark (all four methods) with the GC profiler.
# Usage: bench/run-forwarding.sh [date]   (date defaults to today, e.g. 2026-11-21)
# Environment: DURATION (seconds per harness run, default 5), MAX_LOAD (default 1.5), MAX_WAIT (seconds, default 900).
# Takes about 6 minutes on 2 cores and busy-spins both of them: nothing else should run meanwhile.
set -euo pipefail

cd "$(dirname "$0")/.."
DATE="${1:-$(date -u +%Y-%m-%d)}"
OUT="perf-reports/${DATE}-forwarding"
DURATION="${DURATION:-5}"
MAX_LOAD="${MAX_LOAD:-1.5}"
MAX_WAIT="${MAX_WAIT:-900}"

mvn -B -q -pl bench,cli -am package \
    -Dtest='ForwardingChainTest,ForwardingDecisionPathsTest,StoreDecodePathsTest' -Dsurefire.failIfNoSpecifiedTests=false
touch cli/target/relo.jar
mkdir -p "$OUT"

waited=0
while awk -v max="$MAX_LOAD" '{ exit !($1 >= max) }' /proc/loadavg; do
    if (( waited >= MAX_WAIT )); then
        echo "run-forwarding: the 1-minute load is still $(cut -d' ' -f1 /proc/loadavg) after ${MAX_WAIT} s;" \
            "running anyway, and environment.txt says so" >&2
        break
    fi
    sleep 15
    waited=$((waited + 15))
done

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "--- java -version"
    java -version 2>&1
    echo "--- nproc: $(nproc)"
    lscpu | grep 'Model name' || true
    grep MemTotal /proc/meminfo || true
    echo "--- waited ${waited} s for the 1-minute load to drop below ${MAX_LOAD}"
    echo "--- load before: $(uptime)"
} > "$OUT/environment.txt"

./relo bench forwarding --duration "$DURATION" --out "$OUT" --json "$OUT/forwarding.json" \
    | tee "$OUT/bench-forwarding.log"
echo "--- load after the harness and the decision benchmark: $(uptime)" >> "$OUT/environment.txt"

java -jar bench/target/benchmarks.jar StoreDecodeBenchmark -prof gc -rf json -rff "$OUT/jmh-store-decode.json" \
    | tee "$OUT/jmh-store-decode.log"
echo "--- load after: $(uptime)" >> "$OUT/environment.txt"
echo "Results in $OUT (write up the figures in $OUT/README.md)"
