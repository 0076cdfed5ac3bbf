#!/usr/bin/env bash
# Proof in real daemons for `dhcp.server: kea`: builds Tests/Integration/kea-cluster.yaml, starts
# the generated Kea pair (kea-dhcp4 with the HA hook, kea-ctrl-agent, kea-dhcp-ddns) and both
# nameds in network namespaces, and checks what the daemons do with the output: the pair reaches
# load-balancing, modems get their options from the server that answers them, unknown modems and
# blocked CPEs get nothing, CPEs split between the pool halves, leases replicate, names resolve
# on both nodes, and with the master's kea-dhcp4 killed the slave goes partner-down and serves
# the master's clients from the master's half.
#
#   Tests/Integration/kea.sh   # root; kea-dhcp4-server, kea-ctrl-agent, kea-dhcp-ddns-server,
#                              # isc-dhcp-relay, isc-dhcp-client, bind9, iproute2, python3
#   Tests/Integration/kea.sh --break-emitter   # self-test: the pool halves admit the HA scope
#                              # `HA_server1` (the ARM examples' peer name, kea-ha.md §1.8.5) instead
#                              # of the peer's; must FAIL the CPE checks, then stops
#
# The namespaces and network are run.sh's (Tests/Integration/lib.sh); the two suites take turns.
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=kea
break_emitter=false
[ "${1:-}" = "--break-emitter" ] && break_emitter=true
# shellcheck source=Tests/Integration/lib.sh
source Tests/Integration/lib.sh
$break_emitter && wait_percent=20

# 1. Build and place the pair. Kea logs to syslog, which the namespaces lack: here to stdout.
build_pair Tests/Integration/kea-cluster.yaml "$PWD/examples/lab/data/nmsprime.sql"
log_to_stdout() {
    sed -i 's/"output": "syslog"/"output": "stdout"/' "$work/$1"/etc/kea/*.conf
    if $break_emitter; then sed -i "s/member('HA_nms-master')/member('HA_server1')/" "$work/$1/etc/kea/kea-dhcp4.conf"; fi
}
after_deploy=log_to_stdout
place_pair
make_network
start_internet
start_dns

# 2. Kea on both nodes (D2 first: kea-dhcp4 sends it the names), the relay on the CMTS.
api_port=8000
for node in master slave; do
    ns_var="ns_$node"; ns="${!ns_var}"
    mkdir -p "$work/$node/var/lib/kea" "$work/$node/run/kea"
    for daemon in kea-dhcp-ddns kea-dhcp4 kea-ctrl-agent; do
        # Kea's pid and lock files default to /run/kea, which both namespaces share: one folder per node.
        KEA_PIDFILE_DIR="$work/$node/run/kea" KEA_LOCKFILE_DIR="$work/$node/run/kea" \
            in_ns "$ns" "$daemon" -c "$work/$node/etc/kea/$daemon.conf" >"$work/$daemon-$node.log" 2>&1 &
        sleep 0.5
    done
done
ip netns exec $ns_cmts dhcrelay -4 -d -id it-cable -iu br0 172.20.0.100 172.20.0.101 >"$work/dhcrelay.log" 2>&1 &

ha_state() { local ns_var="ns_$1"; in_ns "${!ns_var}" python3 Tests/Integration/kea.py state $api_port; }
# wait_state SECONDS NODE STATE: true once NODE's kea-dhcp4 reports STATE.
wait_state() {
    local deadline=$((SECONDS + $1))
    while [ $SECONDS -lt $deadline ]; do [ "$(ha_state "$2")" = "$3" ] && return 0; sleep 0.5; done
    echo "    $2 is $(ha_state "$2")"; return 1
}
if wait_state 60 master load-balancing && wait_state 20 slave load-balancing; then
    ok "the Kea pair reaches load-balancing (ha-heartbeat through each node's control agent)"
else
    fail "the Kea pair reaches load-balancing (ha-heartbeat through each node's control agent)"
    echo "$passed passed, $failed failed"
    exit 1
fi
# The monitoring check asks both HA listeners (ha-heartbeat, as the peers do). This suite runs no
# rsyslog: the one finding that is not OK is the master's syslog port, a WARNING.
check "status says WARNING only for the syslog port this suite leaves closed (exit 1)" status_is 1
check "  ... and OK for both kea-dhcp4 in load-balancing and both nameds" \
    test "$(grep -cE '^OK: ((master|slave) kea-dhcp4: failover state load-balancing|DNS: both nameds serve)' "$work/status.out") $(grep -c '^WARNING' "$work/status.out")" = "3 1"
pool_class() { python3 Tests/Integration/kea.py pool-class "$work/$(node_of "$2")/etc/kea/kea-dhcp4.conf" "$1"; }
host_of() { [ "$1" = 172.20.0.100 ] && echo nms-master || echo nms-slave; }

# 3. A modem: its options come from the server that answers it, own address first.
check "a known cable modem (cm-1, docsis3.0) gets a lease from Kea" client cm1 00:1b:00:00:00:01 docsis3.0 20
if [ -s "$work/cm1.env" ]; then
    ip1="$(value cm1 new_ip_address)"; server="$(value cm1 new_dhcp_server_identifier)"
    peer=$([ "$server" = 172.20.0.100 ] && echo 172.20.0.101 || echo 172.20.0.100)
    echo "    cm-1 got $ip1 from $server"
    check "its address is in the answering node's half of cmts-dresden-1's CM pool" \
        test "$(pool_class "$ip1" "$server")" = "pool-CM-$(host_of "$server")"
    check_modem_options cm1 "$server" "$peer"
    check "explain names the $(node_of "$server") as the node that answers cm-1 (Kea: the parity of its RFC 3074 bucket)" \
        explained 00:1b:00:00:00:01 "" "answered by: the $(node_of "$server") "
    # DDNS: kea-dhcp-ddns updated the answering node's named; the other's mirror takes it over.
    answering="$(node_of "$server")"; answering_ns="ns_$answering"
    other=$([ "$answering" = master ] && echo slave || echo master); other_ns="ns_$other"
    check "the $answering's named resolves cm-1.nmsprime.test to its lease (kea-dhcp-ddns)" resolves "${!answering_ns}" cm-1.nmsprime.test "$ip1"
    check "  ... and the lease back to cm-1 (PTR)" test "$(in_ns "${!answering_ns}" dig +short @127.0.0.1 -x "$ip1")" = "cm-1.nmsprime.test."
    dns_sync "$other" mirror || true
    check "  ... and, after its dns-sync mirror, the $other's named too" resolves "${!other_ns}" cm-1.nmsprime.test "$ip1"
fi
if client unknown 00:1b:ff:00:00:99 docsis3.0 8; then fail "an unknown modem gets nothing"; else ok "an unknown modem gets nothing"; fi

# A PacketCable MTA: its MAC's hex digits as host-name (option 12, as dhcpd's), through the
# flex_option hook over the reservation's name, which is still the one registered in DNS.
if client_extra="also request host-name;" check "a PacketCable MTA (mta-1) gets a lease" client mta1 00:1c:00:00:00:04 pktc1.0 20; then
    check "  ... its boot file, and its MAC's hex digits as host-name (flex_option)" \
        test "$(value mta1 new_filename) $(value mta1 new_host_name)" = "mta/mta-1.cfg 001c00000004"
    mta_ns="ns_$(node_of "$(value mta1 new_dhcp_server_identifier)")"
    check "  ... and its NMS Prime name in DNS: mta-1.nmsprime.test resolves to its lease" \
        resolves "${!mta_ns}" mta-1.nmsprime.test "$(value mta1 new_ip_address)"
fi

# 4. CPEs behind cm-1 split between the halves of the private CPE pool; each lease reaches both nodes.
by_master=0 by_slave=0 wrong_half="" unleased=""
for n in $(seq 1 12); do
    mac=$(printf '02:00:00:00:01:%02x' "$n")
    if cpe "kcpe$n" "$mac" 00:1b:00:00:00:01 15; then
        read -r address from <"$work/kcpe$n.cpe"
        [ "$from" = 172.20.0.100 ] && by_master=$((by_master + 1)) || by_slave=$((by_slave + 1))
        [ "$(pool_class "$address" "$from")" = "pool-CPEPriv-$(host_of "$from")" ] || wrong_half+=" $mac:$address:$from"
        [ "$(node_of "$from")" = master ] && master_cpe="$n"
    else
        unleased+=" $mac"
    fi
done
check "12 CPEs behind cm-1 get leases" test -z "$unleased"
check "  ... from both servers ($by_master from the master, $by_slave from the slave)" test "$by_master" -gt 0 -a "$by_slave" -gt 0
check "  ... each from its server's half of the CPEPriv pool" test -z "$wrong_half"
replicated() {
    local n mac
    for n in $(seq 1 12); do
        mac=$(printf '02:00:00:00:01:%02x' "$n")
        for node in master slave; do grep -qi "$mac" "$work/$node/var/lib/kea/kea-leases4.csv" || return 1; done
    done
}
check "  ... and every lease is in both nodes' lease files (lease updates through lease_cmds)" replicated
check "a CPE behind public cm-11 gets a lease" cpe kcpe11 02:00:00:00:0b:01 00:1b:00:00:00:0b 15
[ -s "$work/kcpe11.cpe" ] && check "  ... from the CPEPub pool (Client-Public)" \
    test "$(pool_class "$(cut -d' ' -f1 "$work/kcpe11.cpe")" "$(cut -d' ' -f2 "$work/kcpe11.cpe")")" = \
    "pool-CPEPub-$(host_of "$(cut -d' ' -f2 "$work/kcpe11.cpe")")"
if cpe kcpe23 02:00:00:00:17:01 00:1b:00:00:00:17 6; then fail "a CPE behind cm-23 (no internet access) gets nothing (DROP)"
else ok "a CPE behind cm-23 (no internet access) gets nothing (DROP)"; fi

if $break_emitter; then echo "$passed passed, $failed failed (self-test: stops before the failover)"; exit 1; fi

# 5. The master's kea-dhcp4 dies. Heartbeats fail; once clients of the master's half have waited
# longer than max-ack-delay unanswered (max-unacked-clients: 10), the slave goes partner-down and
# serves them from the master's half.
kill -9 "$(cat "$work/master/run/kea/kea-dhcp4.kea-dhcp4.pid")"
check "the slave notices its peer is gone" wait_state 20 slave communication-recovery
check "status says CRITICAL with the master's kea-dhcp4 gone (exit 2)" status_is 2
check "  ... its HA listener does not answer" grep -q "^CRITICAL: master kea-dhcp4: its HA listener 172.20.0.100:8001 does not answer" "$work/status.out"
in_ns $ns_sub ip link add link it-cable-sub name waiting type macvlan mode bridge
in_ns $ns_sub ip link set waiting up
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ] && [ "$(ha_state slave)" != partner-down ]; do
    waiting=()
    for n in $(seq 1 40); do
        CPE_SECS=10 in_ns $ns_sub python3 Tests/Integration/dhcp_cpe.py waiting "$(printf '02:00:00:00:99:%02x' "$n")" 00:1b:00:00:00:01 1 \
            >/dev/null 2>&1 &
        waiting+=($!)
    done
    wait "${waiting[@]}" || true
done
check "  ... and goes partner-down once the master's clients wait unanswered" wait_state 5 slave partner-down
if [ -n "${master_cpe:-}" ]; then
    # (on its own interface, whose MAC it has)
    again() { in_ns $ns_sub python3 Tests/Integration/dhcp_cpe.py "kcpe$1" "$(printf '02:00:00:00:01:%02x' "$1")" 00:1b:00:00:00:01 15 >"$work/kcpe-again.cpe"; }
    check "a CPE the master answered before gets a lease from the slave now" again "$master_cpe"
    [ -s "$work/kcpe-again.cpe" ] && check "  ... from the slave, in the master's half of the pool" \
        test "$(cut -d' ' -f2 "$work/kcpe-again.cpe") $(pool_class "$(cut -d' ' -f1 "$work/kcpe-again.cpe")" 172.20.0.101)" = \
        "172.20.0.101 pool-CPEPriv-nms-master"
else
    fail "a CPE among the 12 was answered by the master (to test partner-down with)"
fi
check "a new modem (cm-2) gets a lease from the slave" client cm2 00:1b:00:00:00:02 docsis3.0 20
[ -s "$work/cm2.env" ] && check "  ... from the slave, next-server the slave" \
    test "$(value cm2 new_dhcp_server_identifier) $(value cm2 new_next_server)" = "172.20.0.101 172.20.0.101"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
