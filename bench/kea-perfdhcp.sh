#!/usr/bin/env bash
# DHCP exchanges per second of kea-dhcp4 with its reservations in the host database
# (`dhcp.kea_reservations: database`), measured by perfdhcp (DORA, relayed) at MODEMS modems:
#
#   - reserved cable modems (option 60 docsis3.0, 1,500 MACs spread over the whole table: each a
#     row of `hosts`);
#   - CPEs behind a private modem (400 MACs, no row: a miss) on the full table and on an empty
#     one (0 rows), so the table's size shows in the rate.
#   Fewer clients than the first CMTS's pools hold: a client asks again for its lease (as a
#   plant's do), the pools never run dry, and what is measured is Kea's work per exchange.
#   - and, as proof of the modem-list classes (`KeaClasses.behind`, cut into classes of 1,000
#     modems at this size): a CPE behind the last public modem gets a lease from the public CPE
#     pool, one behind the last modem without internet access is dropped (Kea's DROP class).
#
#   bench/kea-perfdhcp.sh             # 1,000,000 modems
#   bench/kea-perfdhcp.sh 30000       # another size (CI runs this one as a check, with
#                                     # PROVHA_COMPILE=its binary, short runs at one rate)
#
# One kea-dhcp4 — the master's file of a hot-standby pair, the HA hook taken out: the pair's
# replication is not what is measured — and its own MariaDB run in the network namespace
# provha-perf; perfdhcp relays from 10.0.0.2 into the first CMTS's network (10.0.0.0/21), Kea
# listens on 10.0.0.1. Root; needs kea-dhcp4-server, kea-admin (perfdhcp, Kea's schema),
# mariadb-server, iproute2, python3. Each case runs BENCH_SECONDS (5) at each of the offered
# rates BENCH_RATES (50 … 4,000 per second) and reports the best completed rate: Kea's queue
# overflows above what it can answer, and then completes fewer.
# Exit 1 when a proof fails or a run completes no exchange.
set -euo pipefail
cd "$(dirname "$0")/.."
modems="${1:-1000000}" seconds="${BENCH_SECONDS:-5}" rates="${BENCH_RATES:-50 100 250 500 1000 2000 4000}"
work="${BENCH_DIR:-.build-bench}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
# shellcheck source=bench/plant.sh
source bench/plant.sh
if [ -n "${PROVHA_COMPILE:-}" ]; then
    bin="$PROVHA_COMPILE"  # CI: the build it has (the size it runs needs no release build)
else
    swift build -c release --product provha-compile >/dev/null
    bin="$(swift build -c release --show-bin-path)/provha-compile"
fi

BENCH_DHCP_SERVER=kea plant "$modems"
perf_cluster="$work/cluster-$modems-perf.yaml"
sed "s#^dhcp: { server: kea }#failover: { load_balance: 100 }\ndhcp:\n  server: kea\n  kea_reservations: database\n  kea_hosts_database: { name: kea, host: 127.0.0.1, port: 33308, user: kea, password_env: BENCH_KEA_PASSWORD }#" \
    "$cluster" >"$perf_cluster"
export BENCH_KEA_PASSWORD=bench-kea-password
rm -rf "$work/out-perf"
"$bin" build "$perf_cluster" --out "$work/out-perf" >"$work/perf-build.log" 2>&1 || { tail -5 "$work/perf-build.log"; exit 1; }

ns=provha-perf run="$work/kea-perf" kea_pid=""
export PROVHA_MARIADB_DIR="$work/mariadb-perf" PROVHA_MARIADB_PORT=33308
cleanup() {
    [ -n "$kea_pid" ] && kill "$kea_pid" 2>/dev/null || true
    ip netns exec $ns bash scripts/mariadb-test-server.sh stop >/dev/null 2>&1 || true
    ip netns del $ns 2>/dev/null || true
}
trap cleanup EXIT
ip netns del $ns 2>/dev/null || true
ip netns add $ns
ip -n $ns link set lo up
ip -n $ns addr add 10.0.0.1/32 dev lo
ip -n $ns addr add 10.0.0.2/32 dev lo
eval "$(ip netns exec $ns bash scripts/mariadb-test-server.sh start)"
db() { mariadb --socket="$PROVHA_TEST_MARIADB_SOCKET" -u root "$@"; }
db -e "DROP DATABASE IF EXISTS kea; CREATE DATABASE kea; CREATE USER IF NOT EXISTS 'kea'@'127.0.0.1' IDENTIFIED BY '$BENCH_KEA_PASSWORD'; GRANT SELECT ON kea.* TO 'kea'@'127.0.0.1';"
db kea </usr/share/kea/scripts/mysql/dhcpdb_create.mysql

# The master's kea-dhcp4.conf: no HA hook, its files here, listening on 10.0.0.1 only (perfdhcp
# takes port 67 on 10.0.0.2), logging warnings to a file.
rm -rf "$run" && mkdir -p "$run"
python3 - "$work/out-perf/master/etc/kea/kea-dhcp4.conf" "$run" <<'PY'
import json, sys
source, run = sys.argv[1], sys.argv[2]
text = "\n".join(line for line in open(source) if not line.lstrip().startswith("//"))
config = json.loads(text)
dhcp4 = config["Dhcp4"]
dhcp4["hooks-libraries"] = [h for h in dhcp4.get("hooks-libraries", []) if "libdhcp_ha" not in h["library"]]
dhcp4["interfaces-config"]["interfaces"] = ["lo/10.0.0.1"]
dhcp4["control-socket"]["socket-name"] = run + "/kea4-ctrl-socket"
dhcp4["lease-database"] = {"type": "memfile", "persist": True, "name": run + "/leases4.csv", "lfc-interval": 0}
dhcp4["ddns-send-updates"] = False
dhcp4.pop("dhcp-ddns", None)
dhcp4["loggers"] = [{"name": "kea-dhcp4", "output_options": [{"output": run + "/kea.log"}], "severity": "WARN"},
                    {"name": "kea-dhcp4.dhcp4", "output_options": [{"output": run + "/kea.log"}], "severity": "INFO"}]
json.dump(config, open(run + "/kea-dhcp4.conf", "w"), indent=1)
PY

start_kea() {  # start_kea CONFIG: kea-dhcp4 on $run/CONFIG, once it has started
    [ -n "$kea_pid" ] && { kill "$kea_pid"; wait "$kea_pid" 2>/dev/null || true; }
    : >"$run/kea.log"
    KEA_PIDFILE_DIR="$run" KEA_LOCKFILE_DIR="$run" ip netns exec $ns kea-dhcp4 -c "$run/$1" >"$run/kea.out" 2>&1 &
    kea_pid=$!
    local deadline=$((SECONDS + 300))
    until grep -q DHCP4_STARTED "$run/kea.log" 2>/dev/null; do
        kill -0 "$kea_pid" 2>/dev/null || { tail -5 "$run/kea.out" "$run/kea.log"; exit 1; }
        [ $SECONDS -lt $deadline ] || { echo "kea-dhcp4 did not start"; exit 1; }
        sleep 0.2
    done
}

# perf LABEL ARGS...: perfdhcp at each offered rate of $rates, $seconds each; prints the
# completed DORA exchanges per second at each, and sets $completed to the best.
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
docsis="60,$(hex docsis3.0)"
remote_id() { echo "82,0206${1//:/}"; }  # option 82 with sub-option 2: the modem's MAC
completed=0
perf() {
    local label="$1" offered answered sweep=""; shift
    completed=0
    for offered in $rates; do
        ip netns exec $ns perfdhcp -4 -l 10.0.0.2 -r "$offered" -p "$seconds" -W 2000000 "$@" 10.0.0.1 >"$work/perf.out" 2>&1 || true
        # "received packets" counts OFFERs, then ACKs: the second is the completed exchanges.
        answered=$(awk '/received packets:/ { n++; if (n == 2) print $3 }' "$work/perf.out")
        answered=$(( ${answered:-0} / seconds ))
        sweep+=" $offered→$answered"
        [ "$answered" -gt "$completed" ] && completed=$answered
    done
    printf '%-58s %6s/s  (offered→completed:%s)\n' "$label" "$completed" "$sweep"
}

# The modems the generator writes (bench/generate_dump.py): m's MAC is 00:1b:m; soft-deleted
# every 97th, a placeholder MAC every 211th, public every 11th, no internet access every 23rd.
python3 - "$modems" "$work/perf-modems.txt" >"$work/perf-picks.txt" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
mac = lambda m: "00:1b:%02x:%02x:%02x:%02x" % (m >> 24 & 255, m >> 16 & 255, m >> 8 & 255, m & 255)
real = lambda m: m % 97 and m % 211
reserved = [m for m in range(1, n + 1) if real(m)]
with open(path, "w") as out:
    out.writelines(mac(m) + "\n" for m in reserved[::max(1, len(reserved) // 1500)][:1500])
public = max(m for m in range(1, n + 1) if real(m) and m % 11 == 0 and m % 23)
blocked = max(m for m in range(1, n + 1) if real(m) and m % 23 == 0 and m % 11)
private = min(m for m in range(1, n + 1) if real(m) and m % 11 and m % 23)
print(mac(public), mac(blocked), mac(private))
PY
read -r public blocked private <"$work/perf-picks.txt"

# What the lists cost: the same server with the public and blocked modems' classes matching
# nothing (a measurement only: such a server would serve those modems' CPEs wrongly).
sed -E 's/"test": "relay4\[2\]\.hex == 0x[0-9a-f]{12}( or relay4\[2\]\.hex == 0x[0-9a-f]{12})*"/"test": "relay4[2].hex == 0xffffffffffff"/;
    s/(member\(.Client.\) and )\(relay4\[2\][^"]*/\1(relay4[2].hex == 0xffffffffffff)/;
    s/(and not \(substring\(option\[60\]\.hex,0,4\) == 0x706b7463\)\) and )\(relay4\[2\][^"]*/\1(relay4[2].hex == 0xffffffffffff)/' \
    "$run/kea-dhcp4.conf" >"$run/kea-dhcp4-no-lists.conf"
cpes=(-R 400 -b mac=02:00:00:00:00:00 -o "$(remote_id "$private")")

echo "kea-dhcp4 on the host database, perfdhcp at $modems modems ($(nproc) cores)"
start_kea kea-dhcp4.conf
perf "0 rows: CPEs behind a private modem (a miss each)" "${cpes[@]}"
empty_rate=$completed
start_kea kea-dhcp4-no-lists.conf
perf "0 rows, the modem lists taken out: the same CPEs" "${cpes[@]}"
db kea <"$work/out-perf/database/kea-hosts.sql"
rows=$(db -N kea -e 'SELECT COUNT(*) FROM hosts')
start_kea kea-dhcp4-no-lists.conf
perf "$rows rows, the modem lists taken out: the same CPEs" "${cpes[@]}"
start_kea kea-dhcp4.conf
perf "$rows rows: the same CPEs" "${cpes[@]}"
full_rate=$completed
perf "$rows rows: reserved cable modems (a hit each)" -M "$work/perf-modems.txt" -o "$docsis"
modem_rate=$completed

# The classes: the last public modem and the last one without internet access sit in the last
# helper class of their lists.
seconds=2 rates=50
perf "a CPE behind the last public modem ($public)" -R 50 -b mac=02:00:00:01:00:00 -o "$(remote_id "$public")"
public_rate=$completed
# Its leases must lie in a pool of the public CPE class (Client-Public), of the first CMTS.
public_leases=$(python3 - "$run/kea-dhcp4.conf" "$run/leases4.csv" <<'PY'
import ipaddress, json, sys
config = json.load(open(sys.argv[1]))["Dhcp4"]
ranges = []
for network in config["shared-networks"][:1]:
    for subnet in network["subnet4"]:
        for pool in subnet.get("pools", []):
            if "CPEPub" in pool.get("client-class", ""):
                first, last = (ipaddress.ip_address(a.strip()) for a in pool["pool"].split("-"))
                ranges.append((first, last))
inside = outside = 0
for line in open(sys.argv[2]):
    fields = line.split(",")
    if len(fields) > 2 and fields[1].startswith("02:00:00:01:00:"):
        address = ipaddress.ip_address(fields[0])
        if any(first <= address <= last for first, last in ranges): inside += 1
        else: outside += 1
print(inside, outside)
PY
)
echo "    its leases in the public CPE pool, outside it: $public_leases"
perf "a CPE behind the last modem without internet access ($blocked)" -R 50 -b mac=02:00:00:02:00:00 -o "$(remote_id "$blocked")"
blocked_rate=$completed
grep -o '"name": "provha-[a-z]*-modems-[0-9]*"' "$run/kea-dhcp4.conf" | sort | uniq -c | awk '{ print $3 }' | tr -d '"' |
    sed -E 's/-[0-9]+$//' | sort | uniq -c | awk '{ printf "    %s helper classes: %s\n", $2, $1 }'

passed=0 failed=0
check() {  # check TEXT COMMAND...
    local text="$1"; shift
    if "$@"; then passed=$((passed + 1)); echo "ok:   $text"; else failed=$((failed + 1)); echo "FAIL: $text"; fi
}
for entry in "empty table, CPEs:$empty_rate" "full table, CPEs:$full_rate" "full table, reserved modems:$modem_rate" "public CPE:$public_rate"; do
    check "exchanges complete (${entry%:*})" test "${entry#*:}" -gt 0
done
check "a CPE behind a modem without internet access gets no lease (DROP, from a helper class)" test "$blocked_rate" -eq 0
read -r inside outside <<<"$public_leases"
check "a public modem's CPEs get leases only from the public CPE pool (Client-Public, from a helper class)" \
    test "$inside" -gt 0 -a "$outside" -eq 0
echo "kea-perfdhcp: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
