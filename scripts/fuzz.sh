#!/usr/bin/env bash
# Fuzzes the cluster-file reader, the dump reader (with validation and rendering) and the value
# escapers with libFuzzer, each for SECONDS (default 60) from a fixed SEED (default 1), starting
# from the bad-input corpus and the examples. Fails on a crash, a hang (10 s for one input), or
# a broken invariant (an unlocated or multi-line diagnostic, an unsafe value let through); the
# input that did it is kept in fuzz-artifacts/. Run it for hours locally: scripts/fuzz.sh 36000
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
seed="${2:-1}"
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

targets=(fuzz-cluster-file fuzz-dump fuzz-values)
# gold fails on these links (an internal error in its DWARF reader); the toolchain's lld works.
# -enable-testing: the fuzz targets reach the library's internals (`@testable import`), as the
# unit tests do; the library makes public only what the command line needs.
flags=(-Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld -Xswiftc -enable-testing)
for target in "${targets[@]}"; do
    PROVHA_FUZZ=1 swift build --scratch-path .build-fuzz -c release --product "$target" \
        "${flags[@]}" 2>&1 | grep -E "error|warning: unre|Compiling|Build" | tail -n 2
done
bin="$(PROVHA_FUZZ=1 swift build --scratch-path .build-fuzz -c release "${flags[@]}" --show-bin-path)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p fuzz-artifacts "$work"/{fuzz-cluster-file,fuzz-dump,fuzz-values}
cp examples/*/cluster.yaml "$work/fuzz-cluster-file/" 2>/dev/null || true
for case in Tests/Fixtures/bad/*/; do
    name="$(basename "$case")"
    cp "$case/cluster.yaml" "$work/fuzz-cluster-file/$name.yaml"
    # Whole dumps only; a case's dump.edit is the base dump (a seed below) with a line replaced.
    [ -f "$case/dump.sql" ] && cp "$case/dump.sql" "$work/fuzz-dump/$name.sql"
done
cp Tests/Fixtures/base/dump.sql "$work/fuzz-dump/base.sql"
printf '%s' 'option ip-forwarding off; # "' > "$work/fuzz-values/comment-quote"
printf '%s' 'x" or "a" = "a' > "$work/fuzz-values/quote"
printf '%s' '/var/lib/cacti/rra,ssh_command=x' > "$work/fuzz-values/path"
printf '%s' 'if exists agent.remote-id { log(info, "}"); }' > "$work/fuzz-values/block"

# The dump target writes each input to a file: in a folder of its own (in memory where there
# is /dev/shm), removed with the rest.
export PROVHA_FUZZ_DIR="$work/scratch"
[ -d /dev/shm ] && PROVHA_FUZZ_DIR="$(mktemp -d -p /dev/shm provha-fuzz.XXXXXX)"
trap 'rm -rf "$work" "$PROVHA_FUZZ_DIR"' EXIT
mkdir -p "$PROVHA_FUZZ_DIR"

status=0
for target in "${targets[@]}"; do
    max_len=4096
    [ "$target" = fuzz-dump ] && max_len=16384
    # Integer keys and the values that break 16/32/64-bit fields, for the two readers of numbers.
    dictionary=()
    [ "$target" = fuzz-values ] || dictionary=(-dict=Fuzz/boundaries.dict)
    if ! SWIFT_BACKTRACE=enable=no "$bin/$target" "$work/$target" "${dictionary[@]}" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
            -max_len="$max_len" -print_final_stats=1 -artifact_prefix="fuzz-artifacts/$target-" \
            >"$work/$target.log" 2>&1; then
        grep -E "invariant broken|ERROR: libFuzzer|Fatal error|SUMMARY|Test unit written" "$work/$target.log" | head -n 20
        echo "fuzz: $target FAILED (input kept in fuzz-artifacts/)"
        status=1
    else
        runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$work/$target.log" | grep -oE '[0-9]+$')"
        echo "fuzz: $target: $runs runs in ${seconds} s, no crash, hang or broken invariant"
    fi
done
exit "$status"
