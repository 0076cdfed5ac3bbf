#!/usr/bin/env bash
# Benchmark of provha-compile at 10k / 100k / 1M modems (or the sizes given), release build.
#
#   bench/run.sh                 # all three sizes
#   bench/run.sh 10000 100000    # chosen sizes
#   BENCH_DHCP_SERVER=kea bench/run.sh 1000000   # the Kea pair (dhcp.server: kea) instead;
#                                # also times `kea-dhcp4 -t` on the master's kea-dhcp4.conf
#   BENCH_OUT=/srv/trees bench/run.sh   # build the trees there (default: the work folder), e.g.
#                                # on the file system the builds deploy from
#
# For each size it generates a deterministic dump (bench/generate_dump.py, one CMTS per 500
# modems, five pools each) and reports: full `build` into a new folder (wall time, peak
# memory, files written), `check`, a no-op rebuild (wall time, files written), a rebuild after
# one modem was renamed in the dump (wall time, files written: one per node is the target), and
# the floor: `cp -r` of the built tree; under the table, each size's `--timings` of the build
# and the check.
# Needs GNU time (/usr/bin/time, Debian package `time`).
#
# On ext4 without a journal, inodes freed in the last minute are skipped when new files are
# made, so a tree built right after another was removed pays for it (seconds at 1M); the trees
# of a run are removed only after all sizes were measured.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
work="${BENCH_DIR:-.build-bench}"
trees="${BENCH_OUT:-$work}"
mkdir -p "$work" "$trees"
# shellcheck source=bench/plant.sh
source bench/plant.sh
stages=()
made=()
swift build -c release --product provha-compile >/dev/null
bin="$(swift build -c release --show-bin-path)/provha-compile"

measure() {  # prints "seconds peak_kb" of a command; its stderr goes to $work/last.err
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/last.err"
    cat "$work/time.txt"
}
written() { grep -oE '[0-9]+ written' "$work/last.err" | grep -oE '^[0-9]+' || echo "?"; }

echo "| modems | CMTSs | pools | dump | full build | peak memory | files written | check | no-op rebuild | written on no-op | one modem renamed | written for it | cp -r floor |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for modems in "${sizes[@]}"; do
    plant "$modems"
    cmts=$(( modems / 500 > 0 ? modems / 500 : 1 ))
    # A new folder each run: ext4 allocates inodes in a just-emptied folder far slower.
    out="$trees/out-$modems-$RANDOM$RANDOM"
    sync
    read -r build_s build_kb < <(measure "$bin" build "$cluster" --out "$out" --timings)
    build_written=$(written)
    build_stages="$(sed -n 's/^provha-compile: \([a-zA-Z ]*\): \([0-9.]* s\)$/\1 \2/p' "$work/last.err" | paste -sd, | sed 's/,/, /g')"
    read -r check_s _ < <(measure "$bin" check "$cluster" --timings)
    check_stages="$(sed -n 's/^provha-compile: \([a-zA-Z ]*\): \([0-9.]* s\)$/\1 \2/p' "$work/last.err" | paste -sd, | sed 's/,/, /g')"
    stages+=("$modems: build: $build_stages; check: $check_stages")
    read -r noop_s _ < <(measure "$bin" build "$cluster" --out "$out")
    noop_written=$(written)
    # One modem renamed, as NMS Prime's GUI saves it (a new updated_at too): its host entry on
    # each node is all that may change.
    sed "s/(1,'\([0-9: -]*\)','[0-9: -]*',NULL,'Modem 1','cm-1',/(1,'\1','2026-12-07 10:00:00',NULL,'Modem 1','cm-renamed-1',/" \
        "$dump" >"$work/dump-$modems-renamed.sql"
    read -r edit_s _ < <(measure "$bin" build "$cluster" --out "$out" --snapshot "$work/dump-$modems-renamed.sql")
    edit_written=$(written)
    rm -f "$work/dump-$modems-renamed.sql"
    sync
    read -r copy_s _ < <(measure cp -r "$out" "$out.copy")
    pools=$(( cmts * 5 ))
    size=$(du -m "$dump" | cut -f1)
    echo "| $modems | $cmts | $pools | ${size} MB | ${build_s} s | $(( build_kb / 1024 )) MB | $build_written | ${check_s} s | ${noop_s} s | $noop_written | ${edit_s} s | $edit_written | ${copy_s} s |"
    if [ "${BENCH_DHCP_SERVER:-isc}" = kea ] && command -v kea-dhcp4 >/dev/null; then
        read -r kea_s kea_kb < <(measure kea-dhcp4 -t "$out/master/etc/kea/kea-dhcp4.conf")
        kea_lines=$(wc -l <"$out/master/etc/kea/kea-dhcp4.conf")
        echo "  kea-dhcp4 -t on the master's kea-dhcp4.conf ($(du -m "$out/master/etc/kea/kea-dhcp4.conf" | cut -f1) MB, $kea_lines lines): ${kea_s} s, $(( kea_kb / 1024 )) MB"
    fi
    made+=("$out" "$out.copy")
done
for line in "${stages[@]}"; do echo "  $line"; done
rm -rf "${made[@]}"
