#!/usr/bin/env bash
# Runs a real (coverage-guided) Jazzer fuzzing campaign against one decoder of codec-gen/codecs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="codec-gen/codecs"
FUZZ_SRC="$ROOT/$MODULE/src/test/java/io/relo/codec/fuzz"
INPUTS="$MODULE/src/test/resources/io/relo/codec/fuzz"

usage()
{
    cat <<USAGE
Usage: scripts/fuzz.sh <FuzzClass>#<method> [duration]
       scripts/fuzz.sh --list

Fuzz one generated decoder with Jazzer for <duration> (default 5m; e.g. 60s, 10m, 2h).
Plain 'mvn test' only replays the seeds; this mutates them for as long as you let it.

  <FuzzClass>#<method>  a @FuzzTest in $MODULE/src/test/java/io/relo/codec/fuzz,
                        for example StorageFuzzTest#storeRequest
  --list                print every target

Jazzer fuzzes one target per run. The corpus it grows stays in $MODULE/.cifuzz-corpus/ and is
reused by the next run. A crash fails the run and is written as crash-<sha1> into the target's seed directory
$INPUTS/<FuzzClass>Inputs/<method>/;
crash-* is git-ignored, so the script prints the command that renames it to regression-<sha1> to keep it as a
regression case.
USAGE
}

list_targets()
{
    for file in "$FUZZ_SRC"/*FuzzTest.java; do
        local class
        class="$(basename "$file" .java)"
        grep -A1 '@FuzzTest' "$file" | sed -n 's/^ *void \([A-Za-z0-9_]*\)(.*/\1/p' | sed "s/^/$class#/"
    done
}

if [[ $# -lt 1 || $# -gt 2 || "$1" == "-h" || "$1" == "--help" ]]; then
    usage
    [[ $# -ge 1 && ( "$1" == "-h" || "$1" == "--help" ) ]] && exit 0
    exit 2
fi

if [[ "$1" == "--list" ]]; then
    list_targets
    exit 0
fi

TARGET="$1"
DURATION="${2:-5m}"

if ! grep -qx "$TARGET" <<< "$(list_targets)"; then
    echo "fuzz.sh: no fuzz target '$TARGET'; run 'scripts/fuzz.sh --list' to see them" >&2
    exit 2
fi
if ! [[ "$DURATION" =~ ^[0-9]+(s|m|h|d)$ ]]; then
    echo "fuzz.sh: duration '$DURATION' should be a number and a unit, for example 90s, 10m or 2h" >&2
    exit 2
fi

cd "$ROOT"
echo "fuzz.sh: fuzzing $TARGET for $DURATION (corpus in $MODULE/.cifuzz-corpus/)"
set +e
JAZZER_FUZZ=1 mvn -B -pl "$MODULE" -am test \
    -Dtest="$TARGET" \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="$DURATION"
status=$?
set -e

# Jazzer 0.30 writes a crash into the target's inputs directory when that exists (all targets here have one),
# else into the module root. Either way the name matches the git-ignored crash-*, so rename it to keep it.
shopt -s nullglob
SEEDS="$INPUTS/${TARGET%%#*}Inputs/${TARGET##*#}"
crashes=("$SEEDS"/crash-* "$MODULE"/crash-*)
if [[ ${#crashes[@]} -gt 0 ]]; then
    echo
    echo "fuzz.sh: $TARGET crashed; plain 'mvn test' replays a crash once it is a seed. Keep each one with:"
    for crash in "${crashes[@]}"; do
        name="$(basename "$crash")"
        echo "  mv $crash $SEEDS/regression-${name#crash-}"
    done
fi
exit $status
