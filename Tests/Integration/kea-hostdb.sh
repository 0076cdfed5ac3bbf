#!/usr/bin/env bash
# Proof in real daemons for `dhcp.kea_reservations: database`: builds
# Tests/Integration/kea-hostdb-cluster.yaml (the lab on Kea in hot-standby), runs a MariaDB in
# the master's namespace with Kea's own schema, loads the generated kea-hosts.sql into it, starts
# kea-dhcp4 on both nodes reading it read-only over the pair's network, and checks: both open
# the database; a reserved modem gets its boot file (a host row, not a line of kea-dhcp4.conf)
# from the master; a PacketCable MTA its boot file and name; with the master's kea-dhcp4
# killed and modems waiting, the slave goes partner-down and gives them their boot files from
# the same database.
#
#   Tests/Integration/kea-hostdb.sh   # root; kea-dhcp4-server, kea-admin, mariadb-server,
#                                     # isc-dhcp-relay, isc-dhcp-client, iproute2
#   Tests/Integration/kea-hostdb.sh --break-emitter   # self-test: the slave's file names
#                                     # another database password; must FAIL the slave's checks
#
# The namespaces and network are run.sh's (Tests/Integration/lib.sh); the suites take turns.
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=kea-hostdb
break_emitter=false
[ "${1:-}" = "--break-emitter" ] && break_emitter=true
# shellcheck source=Tests/Integration/lib.sh
source Tests/Integration/lib.sh
$break_emitter && wait_percent=20

# 1. Build and place the pair. Kea logs to syslog, which the namespaces lack: here to stdout.
build_pair Tests/Integration/kea-hostdb-cluster.yaml "$PWD/examples/lab/data/nmsprime.sql"
log_to_stdout() {
    sed -i 's/"output": "syslog"/"output": "stdout"/' "$work/$1"/etc/kea/*.conf
    if $break_emitter && [ "$1" = slave ]; then sed -i 's/"password": "[^"]*"/"password": "not-the-password"/' "$work/$1/etc/kea/kea-dhcp4.conf"; fi
}
after_deploy=log_to_stdout
place_pair
make_network

# 2. The database: MariaDB in the master's namespace, Kea's schema, the generated set, the
# read-only user the cluster file names for both nodes' addresses.
master_db="$work/mariadb"
db() { mariadb --socket="$master_db/mysqld.sock" -u root "$@"; }
start_db() {
    in_ns $ns_master env PROVHA_MARIADB_DIR="$master_db" PROVHA_MARIADB_PORT=3306 PROVHA_MARIADB_BIND=172.20.0.100 \
        bash scripts/mariadb-test-server.sh start >"$work/mariadb-start.log" 2>&1
}
check "a MariaDB runs in the master's namespace on 172.20.0.100:3306" start_db
password="$(cat examples/lab/secrets/kea-db.pw)"
db -e "CREATE DATABASE kea; CREATE USER 'kea'@'172.20.0.100' IDENTIFIED BY '$password'; CREATE USER 'kea'@'172.20.0.101' IDENTIFIED BY '$password';
       GRANT SELECT ON kea.* TO 'kea'@'172.20.0.100', 'kea'@'172.20.0.101';"
db kea </usr/share/kea/scripts/mysql/dhcpdb_create.mysql
check "the generated kea-hosts.sql loads into Kea's schema" bash -c 'mariadb --socket="$1/mysqld.sock" -u root kea <"$2"' _ "$master_db" "$work/out/database/kea-hosts.sql"
hosts="$(db -N kea -e 'SELECT COUNT(*) FROM hosts')"
check "  ... with a host row for every reservation ($hosts)" test "$hosts" = "$(grep -c "^(UNHEX('" "$work/out/database/kea-hosts.sql")"
check "the nodes' kea-dhcp4.conf carry no reservation" bash -c '! grep -q "\"reservations\"" "$1"/master/etc/kea/kea-dhcp4.conf "$1"/slave/etc/kea/kea-dhcp4.conf' _ "$work"

# 3. kea-dhcp4 on both nodes, the relay on the CMTS.
for node in master slave; do
    ns_var="ns_$node"
    mkdir -p "$work/$node/var/lib/kea" "$work/$node/run/kea"
    KEA_PIDFILE_DIR="$work/$node/run/kea" KEA_LOCKFILE_DIR="$work/$node/run/kea" \
        in_ns "${!ns_var}" kea-dhcp4 -c "$work/$node/etc/kea/kea-dhcp4.conf" >"$work/kea-dhcp4-$node.log" 2>&1 &
done
ip netns exec $ns_cmts dhcrelay -4 -d -id it-cable -iu br0 172.20.0.100 172.20.0.101 >"$work/dhcrelay.log" 2>&1 &
for node in master slave; do
    check "$node's kea-dhcp4 opens the host database read-only over the pair's network" \
        eventually 20 grep -q DHCPSRV_MYSQL_HOST_DB_READONLY "$work/kea-dhcp4-$node.log"
done
ha_state() {
    in_ns $ns_master "$compiler" status "$run_cluster" --timeout 2 2>/dev/null | sed -n "s/^.*: $1 kea-dhcp4: failover state \([a-z-]*\).*/\1/p" | head -n1
}
wait_state() {  # wait_state SECONDS NODE STATE
    local deadline=$((SECONDS + $1 * wait_percent / 100))
    while [ $SECONDS -lt $deadline ]; do [ "$(ha_state "$2")" = "$3" ] && return 0; sleep 0.5; done
    echo "    $2 is $(ha_state "$2"), not $3"; return 1
}
if $break_emitter; then echo "$passed passed, $failed failed (self-test: stops before the clients)"; exit 1; fi
check "the pair reaches hot-standby (status)" wait_state 60 master hot-standby

# 4. A reserved modem and a PacketCable MTA, answered by the primary from the database's rows.
if check "a reserved modem (cm-1) gets a lease" client cm1 00:1b:00:00:00:01 docsis3.0 20; then
    check "  ... from the master, with its boot file from its host row" \
        test "$(value cm1 new_dhcp_server_identifier) $(value cm1 new_filename)" = "172.20.0.100 cm/cm-1.cfg"
fi
if client_extra="also request host-name;" check "a PacketCable MTA (mta-1) gets a lease" client mta1 00:1c:00:00:00:04 pktc1.0 20; then
    # Its host row's class makes the flex_option hook send its MAC's hex digits as option 12, as
    # dhcpd's PacketCable host-name (Kea itself would send the row's name; docs/KEA.md).
    check "  ... its boot file from its host row, its MAC's hex digits as host-name" \
        test "$(value mta1 new_filename) $(value mta1 new_host_name)" = "mta/mta-1.cfg 001c00000004"
fi

# 5. The primary's kea-dhcp4 dies; modems wait unanswered until the standby goes partner-down,
# then get their boot files from the standby, out of the same database.
pkill -9 -f -- "kea-dhcp4 -c $work/master/" || true
echo "    killed the master's kea-dhcp4"
waiting=()
for n in $(seq 2 14); do
    client "cm$n" "$(printf '00:1b:00:00:00:%02x' "$n")" docsis3.0 40 >/dev/null 2>&1 &
    waiting+=($!)
done
check "the slave goes partner-down once the master's clients wait unanswered" wait_state 60 slave partner-down
for pid in "${waiting[@]}"; do wait "$pid" || true; done
served=0
for n in $(seq 2 14); do
    [ -s "$work/cm$n.env" ] && [ "$(value "cm$n" new_dhcp_server_identifier) $(value "cm$n" new_filename)" = "172.20.0.101 cm/cm-$n.cfg" ] &&
        served=$((served + 1))
done
check "  ... and gives the waiting modems their boot files from the database ($served of 13)" test "$served" -gt 0
check "a modem answered by the master before gets its boot file from the slave now" client cm1 00:1b:00:00:00:01 docsis3.0 20
[ -s "$work/cm1.env" ] && check "  ... from the slave" test "$(value cm1 new_dhcp_server_identifier) $(value cm1 new_filename)" = "172.20.0.101 cm/cm-1.cfg"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
