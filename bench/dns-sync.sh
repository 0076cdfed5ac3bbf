#!/usr/bin/env bash
# Benchmark of the generated dns-sync merge (the part of `dns-sync mirror` and `static` that
# grows with the zone) at 1M modems, or the size given: a forward zone of one A and one TXT
# record per modem (what dhcpd registers), as sorted record files like those `records` makes
# from a transfer. Scenarios: steady state (10 names changed at the peer since the last run),
# a busy minute (1 % of the names changed), a first run on a node that has the names, and a
# first run on an empty node (every name added). Prints wall time and peak memory of each.
# The transfers themselves (dig AXFR of the peer's and the own zone) come on top.
#
#   bench/dns-sync.sh            # 1,000,000 modems
#   bench/dns-sync.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."

modems="${1:-1000000}"
work="${BENCH_DIR:-.build-bench}/dns-sync"
mkdir -p "$work"
swift build -c release --product provha-compile >/dev/null
"$(swift build -c release --show-bin-path)/provha-compile" build examples/lab/cluster.yaml --out "$work/tree" --force 2>/dev/null
script="$work/tree/master/usr/libexec/nmsprime-provha/dns-sync"

python3 - "$modems" "$work" <<'PY'
import sys
modems, work = int(sys.argv[1]), sys.argv[2]
def record(i, octet=10):
    return [f"cm-{i}.nmsprime.test. 43200 A {octet}.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
            f'cm-{i}.nmsprime.test. 43200 TXT "00{i:032x}"']
busy = max(1, modems // 100)
with open(f"{work}/base", "w") as base, open(f"{work}/steady", "w") as steady, open(f"{work}/busy", "w") as changed:
    for i in range(modems):
        lines = record(i)
        base.write("\n".join(lines) + "\n")
        steady.write("\n".join(record(i, 11) if i < 10 else lines) + "\n")
        changed.write("\n".join(record(i, 11) if i < busy else lines) + "\n")
PY
for file in base steady busy; do LC_ALL=C sort -u "$work/$file" -o "$work/$file"; done
: >"$work/empty"

run() {  # run LABEL WANTED BASE HELD FIRST
    /usr/bin/time -f "%e %M" -o "$work/time.txt" bash "$script" merge nmsprime.test "$work/$2" "$work/$3" "$work/$4" "$5" >"$work/batch"
    read -r seconds peak <"$work/time.txt"
    echo "| $1 | $(grep -c '^update add' "$work/batch" || true) | ${seconds} s | $((peak / 1024)) MB |"
}
echo "| $modems modems: merge of $((2 * modems)) records | records added | wall | peak memory |"
echo "|---|---:|---:|---:|"
run "steady state (10 names changed)" steady base base 0
run "busy (1 % of the names changed)" busy base base 0
run "first run, this node has the names" base empty base 1
run "first run, empty node" base empty empty 1
