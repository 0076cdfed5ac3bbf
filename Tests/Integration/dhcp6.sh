#!/usr/bin/env bash
# Proof in real daemons for DHCPv6 (`dhcp6`): builds Tests/Integration/dhcp6-cluster.yaml (metro's
# IPv6 pools), starts the generated kea-dhcp6 pair with the HA hook in hot-standby and a DHCPv6
# relay on the CMTS, and checks what the daemons do with the output: the pair reaches
# hot-standby (`status` asks both HA listeners); a client behind the CMTS gets an address and a
# delegated prefix from the primary (the master), replicated to the standby; the reserved
# endpoint gets its address and prefix; `explain` says so; with the master's kea-dhcp6 killed
# the standby goes partner-down and serves new clients; and no address or prefix is ever
# handed to two clients across the pair.
#
#   Tests/Integration/dhcp6.sh   # root; kea-dhcp6-server, isc-dhcp-relay, isc-dhcp-client,
#                                # iproute2, python3
#   Tests/Integration/dhcp6.sh --break-emitter   # self-test: both nodes without the HA hook, two
#                                # independent servers on the same pools (NMS Prime's DHCPv6 in a
#                                # ProvHA pair today); must FAIL the replication checks
#
# The namespaces and network are run.sh's (Tests/Integration/lib.sh); the suites take turns.
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=dhcp6
break_emitter=false
[ "${1:-}" = "--break-emitter" ] && break_emitter=true
# shellcheck source=Tests/Integration/lib.sh
source Tests/Integration/lib.sh
$break_emitter && wait_percent=20

# 1. Build and place the pair. Kea logs to syslog, which the namespaces lack: here to stdout.
build_pair Tests/Integration/dhcp6-cluster.yaml "$PWD/examples/metro/data/nmsprime.sql"
log_to_stdout() {
    local main="$work/$1/etc/kea/dhcp6-nmsprime.conf"
    sed -i 's/"output": "syslog"/"output": "stdout"/' "$main"
    if $break_emitter; then
        python3 - "$main" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
start = text.index('"hooks-libraries"')
end = text.index('"loggers"')
open(sys.argv[1], "w").write(text[:start] + '"hooks-libraries": [],\n        ' + text[end:])
PY
    fi
}
after_deploy=log_to_stdout
place_pair
make_network
# IPv6 on the same wires: the nodes' address6 on eth0, the CMTS's on the bridge and on the cable
# (its relay address in pool 61's subnet); no duplicate address detection to wait for.
in_ns $ns_sub sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
in_ns $ns_master ip -6 addr add 2001:db8:f::100/64 dev eth0 nodad
in_ns $ns_slave ip -6 addr add 2001:db8:f::101/64 dev eth0 nodad
in_ns $ns_cmts ip -6 addr add 2001:db8:f::1/64 dev br0 nodad
in_ns $ns_cmts ip -6 addr add 2001:db8:10::1/64 dev it-cable nodad
in_ns $ns_cmts sysctl -qw net.ipv6.conf.all.forwarding=1

# 2. kea-dhcp6 on both nodes, the relay on the CMTS to both.
start_kea6() {
    local ns_var="ns_$1"
    mkdir -p "$work/$1/var/lib/kea" "$work/$1/run/kea"
    KEA_PIDFILE_DIR="$work/$1/run/kea" KEA_LOCKFILE_DIR="$work/$1/run/kea" \
        in_ns "${!ns_var}" kea-dhcp6 -c "$work/$1/etc/kea/dhcp6-nmsprime.conf" >>"$work/kea-dhcp6-$1.log" 2>&1 &
}
start_kea6 master
start_kea6 slave
ip netns exec $ns_cmts dhcrelay -6 -d -l it-cable -u 2001:db8:f::100%br0 -u 2001:db8:f::101%br0 >"$work/dhcrelay6.log" 2>&1 &

# ha_state NODE: the state NODE's kea-dhcp6 reports on its HA listener (as `status` asks it).
ha_state() {
    in_ns $ns_master "$compiler" status "$run_cluster" --timeout 2 2>/dev/null | sed -n "s/^.*: $1 kea-dhcp6: failover state \([a-z-]*\).*/\1/p" | head -n1
}
wait_state() {  # wait_state SECONDS NODE STATE
    local deadline=$((SECONDS + $1))
    while [ $SECONDS -lt $deadline ]; do [ "$(ha_state "$2")" = "$3" ] && return 0; sleep 0.5; done
    echo "    $2 is ${3:+not $3 but} $(ha_state "$2")"; return 1
}
if ! $break_emitter; then
    check "both kea-dhcp6 reach hot-standby (status asks each HA listener)" eventually 60 bash -c \
        '[ "$(ip netns exec '$ns_master' '"$compiler"' status '"$run_cluster"' --timeout 2 2>/dev/null | grep -c "kea-dhcp6: failover state hot-standby")" = 2 ]'
fi

cat > "$work/record6.sh" <<RECORD
#!/bin/sh
# dhclient -6's script, called once per IA (address, prefix): record what the server handed out.
case "\$reason" in BOUND6|RENEW6|REBIND6|REBOOT6) env | grep -E '^new_' | sort >> "$work/\$interface.env" ;; esac
exit 0
RECORD
chmod +x "$work/record6.sh"
# client6 NAME MAC SECONDS: one DHCPv6 exchange for an address and a prefix (IA_NA, IA_PD) on a
# macvlan with MAC, its DUID made from the MAC (DUID-LL: Kea reads the hardware address from
# it); true if bound. The client stops without a RELEASE: the lease stays, as for a running CPE.
client6() {
    local name="$1" mac="$2"
    in_ns $ns_sub ip link show "$name" >/dev/null 2>&1 || {
        in_ns $ns_sub ip link add link it-cable-sub name "$name" type macvlan mode bridge
        in_ns $ns_sub ip link set "$name" address "$mac" up
    }
    rm -f "$work/$name.env"
    in_ns $ns_sub timeout "$3" dhclient -6 -N -P -1 -v -D LL -lf "$work/$name.leases6" -pf "$work/$name.pid6" \
        -sf "$work/record6.sh" "$name" >>"$work/dhclient6-$name.log" 2>&1 || true
    for _ in $(seq 1 50); do pkill -f -- "-pf $work/$name.pid6 " || break; sleep 0.1; done
    [ -s "$work/$name.env" ]
}
value() { { grep -E "^$2=" "$work/$1.env" || true; } | head -n 1 | cut -d= -f2- | tr -d "'"; }
in_net() {  # in_net ADDRESS-OR-PREFIX NETWORK [FIRST LAST]: within NETWORK (and the range)
    python3 - "$@" <<'PY'
import ipaddress, sys
item = ipaddress.ip_network(sys.argv[1], strict=False)
ok = item.subnet_of(ipaddress.ip_network(sys.argv[2]))
if len(sys.argv) > 4:
    ok = ok and ipaddress.ip_address(sys.argv[3]) <= item.network_address <= ipaddress.ip_address(sys.argv[4])
sys.exit(0 if ok else 1)
PY
}
# allocated_by NODE ITEM: NODE's kea-dhcp6 logged the allocation of ITEM (an address or prefix).
allocated_by() { [ -n "$2" ] && grep -E "DHCP6_(LEASE|PD_LEASE)_ALLOC .*${2%/*}" "$work/kea-dhcp6-$1.log" >/dev/null; }
only_allocated_by() { allocated_by "$1" "$2" && ! allocated_by "$([ "$1" = master ] && echo slave || echo master)" "$2"; }
in_leases() { [ -n "$2" ] && grep -qF "${2%/*}," "$work/$1/var/lib/kea/kea-leases6.csv" 2>/dev/null; }
both_in_leases() { in_leases "$1" "$2" && in_leases "$1" "$3"; }
in_both_nodes() { both_in_leases master "$1" "$2" && both_in_leases slave "$1" "$2"; }
# no_double_leases: across both nodes' lease files, every live address and prefix belongs to one DUID.
no_double_leases() {
    python3 - "$work/master/var/lib/kea/kea-leases6.csv" "$work/slave/var/lib/kea/kea-leases6.csv" <<'PY'
import csv, sys, time
owners = {}
for path in sys.argv[1:]:
    try:
        rows = list(csv.DictReader(open(path)))
    except FileNotFoundError:
        continue
    for row in rows:  # the memfile appends: the last row of an address is its lease now
        owners.setdefault((row["address"], row["prefix_len"]), {})[path] = row
doubles = []
for item, by_file in owners.items():
    duids = {row["duid"] for row in by_file.values() if int(row["valid_lifetime"]) > 0 and int(row["expire"]) > time.time()}
    if len(duids) > 1:
        doubles.append(f"{item[0]}/{item[1]}: {sorted(duids)}")
print(f"    {len(owners)} addresses and prefixes in the lease files; handed to two clients: {doubles or 'none'}")
sys.exit(1 if doubles else 0)
PY
}

# 3. A client behind the CMTS: an address of pool 61 and a /56 of its pd-pool, from the primary.
if check "a client behind cmts-dresden-1 gets a DHCPv6 address and a delegated prefix" client6 v6a 02:00:00:00:61:0a 30; then
    address="$(value v6a new_ip6_address)"; prefix="$(value v6a new_ip6_prefix)"
    echo "    v6a got $address and $prefix"
    check "  ... the address from pool 61's range" in_net "$address/128" 2001:db8:10::/64 2001:db8:10::100 2001:db8:10::ffff
    check "  ... the prefix within the pd-pool 2001:db8:1000::/48" in_net "$prefix" 2001:db8:1000::/48
    check "  ... of the delegated length /56" test "${prefix#*/}" = 56
    check "  ... allocated by the primary (the master), not the standby" only_allocated_by master "$address"
    check "  ... and both leases are in both nodes' lease files (HA lease updates)" eventually 20 in_both_nodes "$address" "$prefix"
fi

# 4. The reserved endpoint (9101): its address and prefix, placed in the subnet that holds them.
if check "the reserved endpoint cpe-v6-fixed gets a DHCPv6 lease" client6 v6r 00:1d:00:00:61:01 30; then
    check "  ... its reserved address 2001:db8:10::42" test "$(value v6r new_ip6_address)" = 2001:db8:10::42
    check "  ... and its reserved prefix 2001:db8:1000:4200::/56" test "$(value v6r new_ip6_prefix)" = 2001:db8:1000:4200::/56
fi
check "explain names the reservation, its subnet and the answering node" explained 00:1d:00:00:61:01 "" \
    "DHCPv6: reserved address 2001:db8:10::42 and prefix 2001:db8:1000:4200::/56" "DHCPv6 answered by: the master "

# 5. The primary dies: the standby detects it (heartbeats fail, clients wait unanswered longer than
# max-ack-delay, max-unacked-clients of them), goes partner-down and serves.
if ! $break_emitter; then
    pkill -9 -f -- "kea-dhcp6 -c $work/master/"
    echo "    killed the master's kea-dhcp6"
    clients=()
    for n in $(seq 11 23); do client6 "v6b$n" "02:00:00:00:62:$n" 45 >/dev/null & clients+=($!); done
    check "the standby goes partner-down once the primary's clients wait unanswered" wait_state 60 slave partner-down
    for pid in "${clients[@]}"; do wait "$pid" || true; done
    served=$(grep -l 'new_ip6_address' "$work"/v6b*.env 2>/dev/null | wc -l)
    check "  ... and serves the primary's waiting clients ($served of 13 bound)" test "$served" -gt 0
    check "a new client then gets its address and prefix from the standby" client6 v6c 02:00:00:00:63:01 30
    if [ -s "$work/v6c.env" ]; then check "  ... allocated by the slave" allocated_by slave "$(value v6c new_ip6_address)"; fi
fi

# 6. Across everything above: no address or prefix was ever handed to two clients.
check "no address or prefix is handed to two clients across the pair" no_double_leases
if ! $break_emitter; then
    check "the leases the master handed out are in the slave's lease file too" \
        both_in_leases slave "$(value v6r new_ip6_address)" "$(value v6r new_ip6_prefix)"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
