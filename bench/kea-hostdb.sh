#!/usr/bin/env bash
# Benchmark of Kea's reservations in the host database (`dhcp.kea_reservations: database`)
# against inline, at 1M modems (or the size given), release build, as root.
#
#   bench/kea-hostdb.sh             # 1,000,000 modems
#   bench/kea-hostdb.sh 100000      # another size
#   BENCH_INLINE=0 bench/kea-hostdb.sh   # skip kea-dhcp4 on the inline file (slow at 1M)
#
# Reports, each with wall time and peak memory: the build that writes kea-hosts.sql; loading
# it into a fresh MariaDB with Kea's own schema; loading it again (nothing changes); a rebuild
# and reload after one modem was renamed; `kea-hosts` (the live road) with nothing to change
# and with that one modem renamed back (slice digests: one slice read back), and with --full;
# `check` alone, the share of reading the snapshot; kea-dhcp4 starting on the database (until it logs
# DHCP4_STARTED, and its resident memory then) and, for comparison, on the inline file.
# Needs GNU time, mariadb-server, kea-dhcp4-server and kea-admin (Kea's schema).
set -euo pipefail
cd "$(dirname "$0")/.."
modems="${1:-1000000}"
work="${BENCH_DIR:-.build-bench}"
mkdir -p "$work"
# shellcheck source=bench/plant.sh
source bench/plant.sh
swift build -c release --product provha-compile >/dev/null
bin="$(swift build -c release --show-bin-path)/provha-compile"

BENCH_DHCP_SERVER=kea plant "$modems"
inline_cluster="$cluster"
hostdb_cluster="$work/cluster-$modems-hostdb.yaml"
sed "s#^dhcp: { server: kea }#dhcp:\n  server: kea\n  kea_reservations: database\n  kea_hosts_database: { name: kea, host: 127.0.0.1, port: 33307, user: kea, password_env: BENCH_KEA_PASSWORD }#" \
    "$inline_cluster" >"$hostdb_cluster"
export BENCH_KEA_PASSWORD=bench-kea-password

# measure LABEL COMMAND...: one line: wall seconds and peak memory (GNU time).
measure() {
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >"$work/measure.log" 2>&1 || { cat "$work/measure.log"; return 1; }
    read -r seconds kilobytes <"$work/time.out"
    printf '%-58s %8s s %8s MB\n' "$label" "$seconds" "$((kilobytes / 1024))"
}

echo "Kea host database at $modems modems ($(nproc) cores)"
rm -rf "$work/out-hostdb"
measure "build (writes kea-hosts.sql)" "$bin" build "$hostdb_cluster" --out "$work/out-hostdb"
sql="$work/out-hostdb/database/kea-hosts.sql"
printf '%-58s %8s MB\n' "kea-hosts.sql size" "$(($(stat -c %s "$sql") / 1048576))"

# A MariaDB of the benchmark's own, with Kea's schema and a read-only user.
export PROVHA_MARIADB_DIR="$(cd "$work" && pwd)/mariadb" PROVHA_MARIADB_PORT=33307
trap 'bash scripts/mariadb-test-server.sh stop >/dev/null 2>&1 || true' EXIT
eval "$(bash scripts/mariadb-test-server.sh start)"
db() { mariadb --socket="$PROVHA_TEST_MARIADB_SOCKET" -u root "$@"; }
db -e "CREATE DATABASE kea; CREATE USER 'kea'@'127.0.0.1' IDENTIFIED BY '$BENCH_KEA_PASSWORD'; GRANT SELECT ON kea.* TO 'kea'@'127.0.0.1';"
db kea </usr/share/kea/scripts/mysql/dhcpdb_create.mysql
measure "load kea-hosts.sql into an empty database" sh -c "mariadb --socket='$PROVHA_TEST_MARIADB_SOCKET' -u root kea < '$sql'"
printf '%-58s %8s\n' "hosts rows" "$(db -N kea -e 'SELECT COUNT(*) FROM hosts')"
measure "load it again (nothing changes)" sh -c "mariadb --socket='$PROVHA_TEST_MARIADB_SOCKET' -u root kea < '$sql'"

changed_dump="$work/dump-$modems-renamed.sql"
sed "0,/'cm-1'/s//'cm-1-renamed'/" "$work/dump-$modems.sql" >"$changed_dump"
sed "s#dump: dump-$modems.sql#dump: dump-$modems-renamed.sql#" "$hostdb_cluster" >"$work/cluster-$modems-hostdb-renamed.yaml"
measure "rebuild after one modem was renamed" "$bin" build "$work/cluster-$modems-hostdb-renamed.yaml" --out "$work/out-hostdb"
measure "reload the whole set with that one change" sh -c "mariadb --socket='$PROVHA_TEST_MARIADB_SOCKET' -u root kea < '$sql'"
printf '%-58s %8s\n' "hosts named cm-1-renamed" "$(db -N kea -e "SELECT COUNT(*) FROM hosts WHERE hostname = 'cm-1-renamed'")"

# The live road: kea-hosts writes only what differs, in one transaction (as root over the socket).
kea_db="mariadb://root@localhost/kea?socket=$PROVHA_TEST_MARIADB_SOCKET"
measure "kea-hosts: the one-modem change back (one row written)" "$bin" kea-hosts "$hostdb_cluster" --kea-db "$kea_db"
grep -h '^kea-hosts:' "$work/measure.log" | sed 's/^/    /'
measure "kea-hosts: nothing changed (slice digests only)" "$bin" kea-hosts "$hostdb_cluster" --kea-db "$kea_db"
grep -h '^kea-hosts:' "$work/measure.log" | sed 's/^/    /'
measure "kea-hosts --full: nothing changed (reads every host)" "$bin" kea-hosts "$hostdb_cluster" --kea-db "$kea_db" --full
grep -h '^kea-hosts:' "$work/measure.log" | sed 's/^/    /'
measure "check alone (reads and validates the dump)" "$bin" check "$hostdb_cluster"
printf '%-58s %8s\n' "hosts named cm-1 again" "$(db -N kea -e "SELECT COUNT(*) FROM hosts WHERE hostname = 'cm-1'")"

# kea-dhcp4 on a node's file, its paths and database port pointed here, on loopback only.
start_kea() {  # start_kea LABEL CONFIG
    local folder="$work/kea-run" config="$work/kea-run/kea-dhcp4.conf" started=$SECONDS pid
    rm -rf "$folder" && mkdir -p "$folder"
    sed -e "s#\"/run/kea/#\"$folder/#g; s#\"/var/lib/kea/#\"$folder/#g; s#\"output\": \"syslog\"#\"output\": \"stdout\"#" \
        -e 's#"interfaces": \[ "\*" \]#"interfaces": [ "lo" ]#' "$2" >"$config"
    local begin; begin=$(date +%s.%N)
    KEA_PIDFILE_DIR="$folder" KEA_LOCKFILE_DIR="$folder" kea-dhcp4 -c "$config" >"$folder/kea.log" 2>&1 &
    pid=$!
    until grep -q DHCP4_STARTED "$folder/kea.log" 2>/dev/null; do
        kill -0 $pid 2>/dev/null || { tail -5 "$folder/kea.log"; return 1; }
        [ $((SECONDS - started)) -lt 600 ] || { kill $pid; return 1; }
        sleep 0.1
    done
    local seconds; seconds=$(awk -v begin="$begin" -v end="$(date +%s.%N)" 'BEGIN { print end - begin }')
    printf '%-58s %8.1f s %8s MB\n' "$1" "$seconds" "$(($(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024))"
    kill $pid; wait $pid 2>/dev/null || true
}
start_kea "kea-dhcp4 start on the host database (to DHCP4_STARTED, RSS)" "$work/out-hostdb/master/etc/kea/kea-dhcp4.conf"
if [ "${BENCH_INLINE:-1}" = 1 ]; then
    rm -rf "$work/out-inline"
    "$bin" build "$inline_cluster" --out "$work/out-inline" >/dev/null 2>&1
    start_kea "kea-dhcp4 start on the inline reservations (to DHCP4_STARTED, RSS)" "$work/out-inline/master/etc/kea/kea-dhcp4.conf"
fi
