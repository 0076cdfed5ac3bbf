#!/usr/bin/env bash
# Compares two provha-compile binaries on the same plant, alternately (this machine's speed
# moves within minutes, so A and B take turns): full build into a new folder, `check`, and the
# no-op rebuild, ROUNDS times each; then the median of each, and whether both built the same tree.
#
#   bench/compare.sh BEFORE_BIN AFTER_BIN [MODEMS] [ROUNDS]    # default 1000000 modems, 5 rounds
#
# Uses bench/run.sh's dump and cluster file in $BENCH_DIR (default .build-bench), made if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
before="$1" after="$2" modems="${3:-1000000}" rounds="${4:-5}"
work="${BENCH_DIR:-.build-bench}"
mkdir -p "$work"
# shellcheck source=bench/plant.sh
source bench/plant.sh
plant "$modems"
seconds() { /usr/bin/time -f "%e" -o "$work/time.txt" "$@" >/dev/null 2>&1; cat "$work/time.txt"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A times
for round in $(seq "$rounds"); do
    for side in before after; do
        bin="${!side}" out="$work/compare-$side-$round"
        rm -rf "$out"
        sync
        times[$side-build]+="$(seconds "$bin" build "$cluster" --out "$out") "
        times[$side-check]+="$(seconds "$bin" check "$cluster") "
        times[$side-noop]+="$(seconds "$bin" build "$cluster" --out "$out") "
    done
done
echo "| $modems modems, $rounds rounds (median s) | build | check | no-op |"
echo "|---|---:|---:|---:|"
for side in before after; do
    printf '| %s | %s | %s | %s |\n' "$side" \
        "$(tr ' ' '\n' <<<"${times[$side-build]}" | grep . | median)" \
        "$(tr ' ' '\n' <<<"${times[$side-check]}" | grep . | median)" \
        "$(tr ' ' '\n' <<<"${times[$side-noop]}" | grep . | median)"
done
if diff -rq --exclude='.provha-*' "$work/compare-before-1" "$work/compare-after-1" >/dev/null; then
    echo "same tree: yes"
else
    echo "same tree: NO"
fi
rm -rf "$work"/compare-*
