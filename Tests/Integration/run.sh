#!/usr/bin/env bash
# Proof in real daemons: builds Tests/Integration/cluster.yaml, starts the generated failover
# pair in network namespaces and checks what the daemons do with the output.
#
#   Tests/Integration/run.sh                 # the suite (root; isc-dhcp-server, isc-dhcp-relay,
#                                            # isc-dhcp-client, bind9, rsyslog, iproute2,
#                                            # tftpd-hpa, tftp-hpa, openssh-server, rsync, perl)
#   Tests/Integration/run.sh --break-emitter   # self-test: hands out the peer as next-server and
#                                            # drops the CPEs from named's recursion ACL, as
#                                            # broken emitters would; must FAIL on both
#
# Namespaces: master (172.20.0.100) and slave (172.20.0.101) on a bridge in `cmts`, which
# relays DHCP to both servers like `cable helper-address` (dhcrelay) from the subscriber
# segment 10.0.16.0/20 (the CM pool of cmts-dresden-1); clients run in `sub`. Every wait is
# bounded; everything is torn down on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=it
break_emitter=false
[ "${1:-}" = "--break-emitter" ] && break_emitter=true
# shellcheck source=Tests/Integration/lib.sh
source Tests/Integration/lib.sh
$break_emitter && wait_percent=20
changed_cluster=Tests/Integration/.run-changed.yaml  # the same after a database change

# 1. Build the pair and place each node's files under $work/NODE, pointing its absolute paths there.
# The lab's data with provbase.multiple_provisioning_systems set: other provisioning systems'
# modems share the CMTS (NMS Prime's ignore-cpe.conf).
sed "s/^(1,'2019-06-13 18:27:25','2019-06-11 19:37:46',NULL,'172.20.0.100',\(.*\),4,1,1,0,0,0);\$/(1,'2019-06-13 18:27:25','2019-06-11 19:37:46',NULL,'172.20.0.100',\1,4,1,1,1,0,0);/" \
    examples/lab/data/nmsprime.sql >"$work/suite.sql"
cmp -s examples/lab/data/nmsprime.sql "$work/suite.sql" && { echo "the suite's dump edit no longer applies"; exit 1; }
build_pair Tests/Integration/cluster.yaml "$work/suite.sql"
$break_emitter && after_deploy=break_tree
place_pair
# NMS Prime's CPE name key (made at install; the master's sync keeps the slave's equal).
openssl rand -hex 32 >"$work/master/etc/named-ddns-cpe.key"
cp "$work/master/etc/named-ddns-cpe.key" "$work/slave/etc/named-ddns-cpe.key"
# cpe_name HW-MAC CM-MAC: the name NMS Prime's named-ddns.sh gives a public CPE.
cpe_name() {
    python3 -c 'import base64, hashlib, hmac, sys
key = bytes.fromhex(open(sys.argv[1]).read().strip())
data = bytes.fromhex((sys.argv[2] + sys.argv[3]).replace(":", ""))
print(base64.b32encode(hmac.new(key, data, hashlib.sha256).digest())[:6].decode().lower())' "$work/master/etc/named-ddns-cpe.key" "$1" "$2"
}
$break_emitter && echo "self-test: each node's global.conf names its peer as next-server; named refuses the CPEs recursion and dns-sync's updates; the peer zones lack Galera's 3306"

# 2. The network.
make_network

# 3. "The internet", then named and rsyslog on both nodes: named runs the generated file as its whole
# configuration, as the unprivileged user bind, on the zone files dns-sync seeds (the named unit's drop-in).
start_internet
start_dns
for node in master slave; do
    ns_var="ns_$node"; ns="${!ns_var}"
    cat > "$work/$node/rsyslog.conf" <<RSYSLOG
global(workDirectory="$work/$node/spool")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$work/$node/log.sock")
include(file="$work/$node/etc/rsyslog.d/failover.conf")
*.* action(type="omfile" file="$work/$node/messages")
RSYSLOG
    ip netns exec "$ns" rsyslogd -n -i "$work/$node/rsyslog.pid" -f "$work/$node/rsyslog.conf" >"$work/rsyslog-$node.log" 2>&1 &
done

# 4. dhcpd on both nodes, the relay on the CMTS.
for node in master slave; do
    ns_var="ns_$node"
    start_dhcpd $node "${!ns_var}"
done
ip netns exec $ns_cmts dhcrelay -4 -d -id it-cable -iu br0 172.20.0.100 172.20.0.101 >"$work/dhcrelay.log" 2>&1 &

if wait_for 60 "$work/dhcpd-master.log" "I move from .* to normal" && wait_for 20 "$work/dhcpd-slave.log" "I move from .* to normal"; then
    ok "the failover pair reaches state normal"
else
    fail "the failover pair reaches state normal"
    echo "$passed passed, $failed failed"
    exit 1
fi
# A fresh pair then moves half of every pool to the secondary, one binding update at a time;
# clients served during that flood can lose their lease to it. Wait until it is over.
check "the initial pool balancing between the peers completes" wait_quiet 120 "$work/dhcpd-slave.log"

# 5. Clients on the subscriber segment.
check "a known cable modem (cm-1, docsis3.0) gets a lease" client cm1 00:1b:00:00:00:01 docsis3.0 20
if [ -s "$work/cm1.env" ]; then
    ip1="$(value cm1 new_ip_address)"; server="$(value cm1 new_dhcp_server_identifier)"
    peer=$([ "$server" = 172.20.0.100 ] && echo 172.20.0.101 || echo 172.20.0.100)
    echo "    cm-1 got $ip1 from $server"
    check "its address is in cmts-dresden-1's CM pool" in_pool "$ip1" 10.0.16.10 10.0.31.254
    check_modem_options cm1 "$server" "$peer"
    check "explain names the node that answers cm-1 (RFC 3074 hash of its MAC, split 128)" \
        explain_names_answerer cm1 00:1b:00:00:00:01 docsis3.0

    # 6. DNS: the answering server's named got the modem by dynamic update.
    ns_var=$([ "$server" = 172.20.0.100 ] && echo ns_master || echo ns_slave)
    check "named resolves cm-1.nmsprime.test to its lease" resolves "${!ns_var}" cm-1.nmsprime.test "$ip1"
    check "named resolves the lease back to cm-1 (PTR)" test "$(in_ns "${!ns_var}" dig +short @127.0.0.1 -x "$ip1")" = "cm-1.nmsprime.test."
    # The other node takes the name over with its dns-sync mirror (its timer's run).
    other=$([ "$server" = 172.20.0.100 ] && echo slave || echo master); other_ns="ns_$other"
    check "the $other's dns-sync mirror takes over the names the $(node_of "$server") registered" dns_sync "$other" mirror
    check "  ... so cm-1, leased from the $(node_of "$server"), resolves on the $other's named" \
        test "$(in_ns "${!other_ns}" dig +short @127.0.0.1 cm-1.nmsprime.test A)" = "$ip1"
    check "  ... also back from its address (PTR)" test "$(in_ns "${!other_ns}" dig +short @127.0.0.1 -x "$ip1")" = "cm-1.nmsprime.test."
    # Names travel the other way too: a modem the other server answers (load balancing hashes the
    # MAC; the first of cm-3..cm-8 that it answers) resolves on cm-1's server after its mirror.
    found="" explain_mismatches="" tried=""
    for n in 3 4 5 6 7 8; do
        client "cmx$n" "$(printf '00:1b:00:00:00:%02x' $n)" docsis3.0 10 || continue
        answered_by="$(node_of "$(value "cmx$n" new_dhcp_server_identifier)")"
        tried+="${tried:+, }cm-$n from the $answered_by"
        explain_names_answerer "cmx$n" "$(printf '00:1b:00:00:00:%02x' $n)" docsis3.0 || explain_mismatches+=" cm-$n"
        [ "$(value "cmx$n" new_dhcp_server_identifier)" = "$peer" ] && { found=$n; break; }
    done
    check "explain names the node that answered each modem tried next ($tried)" test -n "$tried" -a -z "$explain_mismatches"
    if [ -n "$found" ]; then
        ipx="$(value "cmx$found" new_ip_address)"; answering="ns_$(node_of "$peer")" back="$(node_of "$server")"; back_ns="ns_$back"
        check "cm-$found, leased from the $(node_of "$peer"), resolves there" resolves "${!answering}" "cm-$found.nmsprime.test" "$ipx"
        dns_sync "$back" mirror || true
        check "  ... and, after the $back's dns-sync mirror, on the $back (A and PTR)" \
            test "$(in_ns "${!back_ns}" dig +short @127.0.0.1 "cm-$found.nmsprime.test" A) $(in_ns "${!back_ns}" dig +short @127.0.0.1 -x "$ipx")" = "$ipx cm-$found.nmsprime.test."
    else
        fail "a modem among cm-3..cm-8 gets its lease from the $(node_of "$peer") (names both ways)"
    fi
fi
for node in master slave; do
    ns_var="ns_$node"
    check "$node's named resolves the fixed endpoint's .cpe. name (dns-sync static)" \
        test "$(in_ns "${!ns_var}" dig +short @127.0.0.1 cpe-fixed-1.cpe.nmsprime.test A)" = "198.18.0.88"
    check "  ... and its address back to that name (PTR)" \
        test "$(in_ns "${!ns_var}" dig +short @127.0.0.1 -x 198.18.0.88)" = "cpe-fixed-1.cpe.nmsprime.test."
done
if client unknown 00:1b:ff:00:00:99 docsis3.0 8; then fail "an unknown modem gets nothing"; else ok "an unknown modem gets nothing"; fi

check "a CPE behind cm-1 gets a lease" cpe cpe1 02:00:00:00:01:01 00:1b:00:00:00:01 15
[ -s "$work/cpe1.cpe" ] && check "  ... from cmts-dresden-1's CPEPriv pool" in_pool "$(cut -d' ' -f1 "$work/cpe1.cpe")" 100.64.16.10 100.64.31.254
[ -s "$work/cpe1.cpe" ] && check "  ... from the node explain names (class Client)" explained 02:00:00:00:01:01 00:1b:00:00:00:01 \
    "answered by: the $(node_of "$(cut -d' ' -f2 "$work/cpe1.cpe")") "
check "a CPE behind public cm-11 gets a lease" cpe cpe11 02:00:00:00:0b:01 00:1b:00:00:00:0b 15
[ -s "$work/cpe11.cpe" ] && check "  ... from the CPEPub pool, fixed IPs cut out" in_pool "$(cut -d' ' -f1 "$work/cpe11.cpe")" 198.18.0.66 198.18.0.126
[ -s "$work/cpe11.cpe" ] && check "  ... not the fixed IP of cpe-fixed-1" test "$(cut -d' ' -f1 "$work/cpe11.cpe")" != 198.18.0.88
[ -s "$work/cpe11.cpe" ] && check "  ... from the node explain names, in class Client-Public" explained 02:00:00:00:0b:01 00:1b:00:00:00:0b \
    "class: Client-Public" "answered by: the $(node_of "$(cut -d' ' -f2 "$work/cpe11.cpe")") "
if [ -s "$work/cpe11.cpe" ]; then
    # log.conf's on commit started cpe-ddns: NMS Prime's name for a public CPE, on both nameds.
    read -r cpe_ip cpe_server <"$work/cpe11.cpe"
    cpe_fqdn="$(cpe_name 02:00:00:00:0b:01 00:1b:00:00:00:0b).cpe.nmsprime.test"
    leasing=$(node_of "$cpe_server"); other=$([ "$leasing" = master ] && echo slave || echo master)
    leasing_ns="ns_$leasing" other_ns="ns_$other"
    check "the public CPE's name $cpe_fqdn resolves on the $leasing, which leased it (log.conf, cpe-ddns)" \
        resolves "${!leasing_ns}" "$cpe_fqdn" "$cpe_ip"
    check "  ... and its address back to the name (PTR)" \
        test "$(in_ns "${!leasing_ns}" dig +short @127.0.0.1 -x "$cpe_ip")" = "$cpe_fqdn."
    dns_sync "$other" mirror || true  # its own check is above (cm-1); here the name is what counts
    check "  ... and, after its dns-sync mirror, on the $other (A and PTR)" \
        test "$(in_ns "${!other_ns}" dig +short @127.0.0.1 "$cpe_fqdn" A) $(in_ns "${!other_ns}" dig +short @127.0.0.1 -x "$cpe_ip")" = "$cpe_ip $cpe_fqdn."
    check "the log names the CPE and its modem, as NMS Prime's CPE analysis reads it" \
        grep -q "CPE 02:00:00:00:0b:01 of Modem 00:1b:00:00:00:0b is now ONLINE with IP $cpe_ip" "$work/dhcpd-$leasing.log"
    # The CPE gives its lease back: log.conf's on release removes the name; the other's mirror follows.
    in_ns $ns_sub python3 Tests/Integration/dhcp_cpe.py cpe11 02:00:00:00:0b:01 00:1b:00:00:00:0b 15 release >/dev/null 2>>"$work/cpe.log" || true
    check "when the CPE releases its lease, its name goes from the $leasing (on release, cpe-ddns)" gone "${!leasing_ns}" "$cpe_fqdn"
    dns_sync "$other" mirror || true
    check "  ... and, after its dns-sync mirror, from the $other too (a name the peer removed goes here)" gone "${!other_ns}" "$cpe_fqdn"
fi
[ -s "$work/cpe1.cpe" ] && check "a private CPE gets no name (NMS Prime names only public ones)" \
    test -z "$(in_ns $ns_master dig +short @127.0.0.1 -x "$(cut -d' ' -f1 "$work/cpe1.cpe")")"
if cpe cpe23 02:00:00:00:17:01 00:1b:00:00:00:17 6; then fail "a CPE behind cm-23 (no internet access) gets nothing"
else ok "a CPE behind cm-23 (no internet access) gets nothing"; fi
check "  ... as explain says (class blocked denies booting)" explained 02:00:00:00:17:01 00:1b:00:00:00:17 'class "blocked" denies booting'
if cpe cpe99 02:00:00:00:99:01 00:1b:ff:00:00:99 6; then fail "a CPE behind a modem of another provisioning system gets nothing (ignore-cpe.conf)"
else ok "a CPE behind a modem of another provisioning system gets nothing (ignore-cpe.conf)"; fi

# OMAPI takes only clients with the generated key: from the peer and locally.
omapi_read() {  # omapi_read NAMESPACE [KEY-NAME SECRET]: omshell reading the master's failover state
    { [ $# -eq 3 ] && echo "key $2 $3"
      printf 'server 172.20.0.100\nport 7911\nconnect\nnew failover-state\nset name = "dhcpd-failover"\nopen\n'
    } | in_ns "$1" timeout 10 omshell 2>&1 | tee -a "$work/omshell.log"
}
omapi_secret="$(tr -d '\n' < examples/lab/secrets/omapi.key)"
check "OMAPI refuses a client without the key (from the peer)" \
    bash -c '! grep -q "local-state" <<<"$1"' _ "$(omapi_read $ns_slave)"
check "OMAPI refuses a client without the key (locally)" \
    bash -c '! grep -q "local-state" <<<"$1"' _ "$(omapi_read $ns_master)"
check "OMAPI serves a client with the generated key" grep -q "local-state" <<<"$(omapi_read $ns_slave omapi-key "$omapi_secret")"

# 7. Syslog: a line logged on the slave arrives in the master's log.
marker="provha-it-marker-$RANDOM$RANDOM"
in_ns $ns_slave logger -u "$work/slave/log.sock" "$marker"
check "a line logged on the slave arrives in the master's log" wait_for 20 "$work/master/messages" "$marker"

# 8. TFTP and time on both nodes, started as their generated socket units start them
# (systemd-socket-activate: the socket's address, the service's command on the socket).
for node in master slave; do
    ns_var="ns_$node"; ns="${!ns_var}"; units="$work/$node/etc/systemd/system"
    echo "cm-1's configuration, built on the $node" >"$work/$node/tftpboot/cm/cm-1.cfg"
    # shellcheck disable=SC2046 # ExecStart is a command line
    in_ns "$ns" systemd-socket-activate --datagram -l "$(unit_value "$units/nmsprime-provha-tftp.socket" ListenDatagram)" --inetd \
        $(unit_value "$units/nmsprime-provha-tftp.service" ExecStart) >"$work/tftp-$node.log" 2>&1 &
    echo $! >"$work/tftp-$node.pid"
    # shellcheck disable=SC2046
    in_ns "$ns" systemd-socket-activate -l "$(unit_value "$units/nmsprime-provha-time.socket" ListenStream)" --accept --inetd \
        $(unit_value "$units/nmsprime-provha-time@.service" ExecStart) >"$work/time-tcp-$node.log" 2>&1 &
    echo $! >"$work/time-tcp-$node.pid"
    # shellcheck disable=SC2046
    in_ns "$ns" systemd-socket-activate --datagram -l "$(unit_value "$units/nmsprime-provha-time-udp.socket" ListenDatagram)" --inetd \
        $(unit_value "$units/nmsprime-provha-time-udp.service" ExecStart) >"$work/time-udp-$node.log" 2>&1 &
    echo $! >"$work/time-udp-$node.pid"
done
# A device with an address in the CM network, routed by the CMTS to the servers.
in_ns $ns_sub ip link add link it-cable-sub name dev0 type macvlan mode bridge
in_ns $ns_sub ip addr add 10.0.16.5/20 dev dev0
in_ns $ns_sub ip link set dev0 up
in_ns $ns_sub ip route add 172.20.0.0/24 via 10.0.16.1 dev dev0
# fetch SERVER NODE: true if the device gets cm/cm-1.cfg over TFTP from SERVER, built on NODE.
fetch() {
    # Tries for up to 30 s, as a modem retries: the first request also starts the socket-activated server.
    local deadline=$((SECONDS + 30 * wait_percent / 100))
    while :; do
        rm -f "$work/fetched.cfg"
        in_ns $ns_sub timeout 10 tftp -m binary "$1" -c get cm/cm-1.cfg "$work/fetched.cfg" >>"$work/tftp-client.log" 2>&1
        echo "fetch from $1: $(cat "$work/fetched.cfg" 2>/dev/null || echo nothing)" >>"$work/tftp-client.log"
        [ "$(cat "$work/fetched.cfg" 2>/dev/null)" = "cm-1's configuration, built on the $2" ] && return 0
        [ $SECONDS -lt $deadline ] || { echo "    observed: $(tail -n 1 "$work/tftp-client.log")"; return 1; }
        sleep 0.5
    done
}
# time_ok SERVER udp|tcp: true if SERVER answers RFC 868 within 5 s of this machine's clock.
time_ok() {
    eventually 20 time_answer "$@" || { echo "    observed: $(tail -n 1 "$work/time-client.log")"; return 1; }
}
time_answer() {  # time_answer SERVER udp|tcp: one RFC 868 question, its offset logged
    local offset; offset="$(in_ns $ns_sub python3 Tests/Integration/rfc868.py "$1" "$2" 2>>"$work/time-client.log")" || return 1
    echo "$1 $2: offset $offset s" >>"$work/time-client.log"
    [ "${offset#-}" -le 5 ]
}

# DNS for the devices: a CPE (an address in cmts-dresden-1's CPEPriv network) resolves a name
# outside the cluster through both servers, which forward to the cluster file's resolver; a host
# in no pool network gets no recursion.
in_ns $ns_cmts ip addr add 100.64.16.1/20 dev it-cable
in_ns $ns_cmts ip addr add 192.0.2.1/24 dev it-cable
in_ns $ns_sub ip link add link it-cable-sub name cpe0 type macvlan mode bridge
in_ns $ns_sub ip addr add 100.64.16.5/20 dev cpe0
in_ns $ns_sub ip addr add 192.0.2.5/24 dev cpe0
in_ns $ns_sub ip link set cpe0 up
for address in 172.20.0.100 172.20.0.101; do
    check "a CPE resolves a name outside the cluster through the $(node_of $address)" eventually 20 \
        bash -c '[ "$(ip netns exec "$1" dig +short +time=3 +tries=2 -b 100.64.16.5 @"$2" www.internet.test A)" = 203.0.113.7 ]' _ $ns_sub $address
done
check "a host in no pool network gets no recursion" eventually 20 \
    bash -c 'ip netns exec "$1" dig +time=3 +tries=2 -b 192.0.2.5 @172.20.0.100 www.internet.test A | grep -q "status: REFUSED"' _ $ns_sub
tftp_server="${server:-172.20.0.100}"; tftp_peer="${peer:-172.20.0.101}"
next_server="$( [ -s "$work/cm1.env" ] && value cm1 new_next_server)"
check "the modem fetches its config file over TFTP from its next-server" fetch "${next_server:-$tftp_server}" "$(node_of "$tftp_server")"
check "  ... and from the second TFTP server of vivso, the peer" fetch "$tftp_peer" "$(node_of "$tftp_peer")"
for address in 172.20.0.100 172.20.0.101; do
    check "$(node_of $address) answers the Time Protocol (RFC 868) over UDP" time_ok $address udp
    check "$(node_of $address) answers the Time Protocol (RFC 868) over TCP" time_ok $address tcp
done

# 9. The master's sync of the shared TFTP material to the slave, over ssh with the pinned host key.
cat >"$work/sshd_config" <<SSHD
ListenAddress 172.20.0.101:22
HostKey $work/slave_host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
SSHD
cp "$work/sync_id.pub" "$work/authorized_keys"
mkdir -p /run/sshd "$work/master/tftpboot/fw" "$work/master/tftpboot/cvc" "$work/slave/tftpboot/fw"
in_ns $ns_slave /usr/sbin/sshd -D -e -f "$work/sshd_config" >"$work/sshd.log" 2>&1 &
echo "firmware $RANDOM$RANDOM" >"$work/master/tftpboot/fw/modem.bin"
echo "cvc" >"$work/master/tftpboot/cvc/manufacturer.der"
openssl rand -hex 32 >"$work/master/etc/named-ddns-cpe.key"  # a new key: the slave still has the old one
echo "an old firmware the master no longer has" >"$work/slave/tftpboot/fw/old.bin"
storage=var/www/nmsprime/storage/app  # NMS Prime's shared storage; data/provha is each node's own
mkdir -p "$work/master/$storage/config" "$work/master/$storage/data/hfcsnmp" "$work/master/$storage/data/provha" "$work/slave/$storage/data/provha"
echo "config $RANDOM" >"$work/master/$storage/config/nmsprime.json"
echo "graph $RANDOM" >"$work/master/$storage/data/hfcsnmp/graph.json"
echo "the master's own" >"$work/master/$storage/data/provha/master-only"
echo "the slave's moved system files" >"$work/slave/$storage/data/provha/moved"
sync_service="$work/master/etc/systemd/system/nmsprime-provha-sync.service"
run_sync() {  # each ExecStart of the generated sync service, on the master, in order, with its Environment
    local line environment
    environment="$(unit_value "$sync_service" Environment)"; environment="${environment#\"}"; environment="${environment%\"}"
    while IFS= read -r line; do in_ns $ns_master env "$environment" bash -c "$line" >>"$work/sync.log" 2>&1 || return 1; done \
        < <(grep '^ExecStart=' "$sync_service" | cut -d= -f2-)
}
eventually 30 in_ns $ns_master bash -c "exec 3<>/dev/tcp/172.20.0.101/22" 2>/dev/null || echo "    (the slave's sshd does not answer yet)"
check "the generated sync runs on the master" run_sync
check "  ... the master's firmware reaches the slave" cmp -s "$work/master/tftpboot/fw/modem.bin" "$work/slave/tftpboot/fw/modem.bin"
check "  ... and its CVC" test -f "$work/slave/tftpboot/cvc/manufacturer.der"
check "  ... a file the master no longer has goes on the slave (--delete)" test ! -e "$work/slave/tftpboot/fw/old.bin"
check "  ... the CPE DNS key reaches the slave" cmp -s "$work/master/etc/named-ddns-cpe.key" "$work/slave/etc/named-ddns-cpe.key"
check "  ... NMS Prime's storage config and data folders reach the slave" bash -c 'cmp -s "$1/master/$2/config/nmsprime.json" "$1/slave/$2/config/nmsprime.json" && cmp -s "$1/master/$2/data/hfcsnmp/graph.json" "$1/slave/$2/data/hfcsnmp/graph.json"' _ "$work" "$storage"
check "  ... but never storage/app/data/provha, each node's own" bash -c 'test -f "$1/slave/$2/data/provha/moved" && test ! -e "$1/slave/$2/data/provha/master-only"' _ "$work" "$storage"
check "the sync timer repeats every 60 s" test "$(unit_value "$work/master/etc/systemd/system/nmsprime-provha-sync.timer" OnUnitActiveSec)" = 60
ssh-keygen -q -t ed25519 -N '' -C '' -f "$work/impostor_key"
known_hosts="$work/master/etc/nmsprime-provha/sync-known_hosts"
cp "$known_hosts" "$work/known_hosts.pinned"
echo "172.20.0.101 $(cut -d' ' -f1,2 "$work/impostor_key.pub")" >"$known_hosts"
echo "changed $RANDOM" >"$work/master/tftpboot/fw/modem.bin"
if run_sync; then fail "the sync refuses a slave whose host key is not the pinned one"
else ok "the sync refuses a slave whose host key is not the pinned one"; fi
cp "$work/known_hosts.pinned" "$known_hosts"

# 10. A database change (cpe-fixed-2 moves to another fixed IP and gets a second PTR name),
# applied on each node with `provha-compile apply` (the cluster file's apply.commands run the
# suite's apply-reload.sh: deploy beside the other daemons, then reload as the unit would). A
# first apply over the running tree makes each node's manifest and reloads nothing; the second,
# from the changed database, writes only what changed and reloads exactly its services, the
# master's first, then the slave's, whose dhcpd restarts only once the master's answers. The
# leased names stay; the changed static records are live; the pair is back in normal.
# named_keeps_cm1 NODE WHAT [SINCE]: checks that NODE's named still resolves cm-1 to its first lease.
# That lease lasts one MCLT (60 s); a run slow enough to outlive it (a busy machine) sees the
# leasing dhcpd remove the name at the expiry, as it must, and the other node's mirror follow:
# then the check says so instead, and the fixed endpoint's name, which dns-sync static put in by
# update too, must still be there. SINCE: when the named's dhcpd stopped (default: now).
cm1_expiry="$( [ -s "$work/cm1.env" ] && value cm1 new_expiry)"
named_keeps_cm1() {
    local ns_var="ns_$1" since="${3:-$(date +%s)}"
    if [ "$since" -ge "${cm1_expiry:-0}" ]; then
        echo "    (cm-1's lease from the $(node_of "$server") expired at $(date -d "@${cm1_expiry:-0}" +%T): its dhcpd removed the name, and a mirror after that from the other named)"
        check "  ... and the fixed endpoint's name, also an update, is still there" \
            resolves "${!ns_var}" cpe-fixed-1.cpe.nmsprime.test 198.18.0.88
    else
        check "  ... $2" resolves "${!ns_var}" cm-1.nmsprime.test "$ip1"
    fi
}
serial() { local ns_var="ns_$1"; in_ns "${!ns_var}" dig +short @127.0.0.1 nmsprime.test SOA | cut -d' ' -f3; }
serial_before=$(serial master)
sed "s/'198.18.0.174',NULL)/'198.18.0.170','www.customer.test')/" "$work/suite.sql" >"$work/changed.sql"
sed "s#^  dump: .*#  dump: $work/changed.sql#" "$run_cluster" >"$changed_cluster"
# apply_node NODE CLUSTER on|off: apply in the node's namespace (off: its commands only log).
apply_node() {
    local ns_var="ns_$1"
    mkdir -p "$work/apply-$1"
    PROVHA_SUITE_RELOAD="$3" SUITE_WORK="$work" SUITE_AFTER_DEPLOY="$after_deploy" SUITE_WAIT_PERCENT="$wait_percent" in_ns "${!ns_var}" "$compiler" apply "$2" --node "$1" --root "$work/apply-$1" --no-verify \
        >>"$work/apply-$1.log" 2>&1
}
reloaded() { grep "^$1 " "$work/apply-reloads.log" | cut -d' ' -f2 | tr '\n' ' '; }
for node in master slave; do
    check "apply makes $node's manifest over the running tree" apply_node $node "$run_cluster" off
    check "  ... and its provha.env names its own state for NMS Prime" \
        grep -qx "PROVHA__OWN_STATE=$node" "$work/apply-$node/etc/nmsprime/env/provha.env"
done
check "  ... and plans the clean-up on the slave only" bash -c 'grep -q "^slave slave-clean-up " "$1" && ! grep -q "^master slave-clean-up" "$1"' _ "$work/apply-reloads.log"
mkdir -p "$work/slave/etc/cron.d" "$work/master/etc/cron.d"
echo "*/5 * * * * root /usr/libexec/modempoller-nmsprime.sh" | tee "$work/slave/etc/cron.d/cacti-nmsprime" >"$work/master/etc/cron.d/cacti-nmsprime"
check "the slave's clean-up, run as apply runs it, moves the modem poller's cron off the slave" \
    env PROVHA_NODE=slave SUITE_WORK="$work" PROVHA_ROOT="$work/apply-slave" PROVHA_CHANGED= bash Tests/Integration/apply-reload.sh slave-clean-up
check "  ... into NMS Prime's moved_system_files" bash -c 'test ! -e "$1/etc/cron.d/cacti-nmsprime" && test -s "$1/var/www/nmsprime/storage/app/data/provha/moved_system_files/etc/cron.d/cacti-nmsprime"' _ "$work/slave"
check "  ... and the master keeps its own" test -s "$work/master/etc/cron.d/cacti-nmsprime"
: >"$work/apply-reloads.log"
: >"$work/dhcpd-master.log"
: >"$work/dhcpd-slave.log"
for node in master slave; do
    ns_var="ns_$node"
    check "apply on the $node writes the changed database's files" apply_node $node "$changed_cluster" on
    check "  ... and reloads exactly their services, in order: dns-records, then dhcpd" test "$(reloaded $node)" = "dns-records dhcpd "
    check "  ... telling dhcpd which of its files changed" \
        grep -qx "$node dhcpd etc/dhcp-nmsprime/cmts_gws/2.conf etc/dhcp-nmsprime/endpoints-host.conf" "$work/apply-reloads.log"
    check "  ... cpe-fixed-2.cpe now has its new address" \
        test "$(in_ns "${!ns_var}" dig +short @127.0.0.1 cpe-fixed-2.cpe.nmsprime.test A)" = "198.18.0.170"
    check "  ... its new address points back to it and to its add_reverse name" \
        test "$(in_ns "${!ns_var}" dig +short @127.0.0.1 -x 198.18.0.170 | sort | tr '\n' ' ')" = "cpe-fixed-2.cpe.nmsprime.test. www.customer.test. "
    check "  ... its old address has no PTR any more" test -z "$(in_ns "${!ns_var}" dig +short @127.0.0.1 -x 198.18.0.174)"
    [ -n "${ip1:-}" ] && named_keeps_cm1 "$node" "the leased cm-1 still resolves (its dynamic record survived)"
done
# the last failover state each dhcpd logged is normal (within 60 s).
pair_normal() {
    local deadline=$((SECONDS + 60))
    while [ $SECONDS -lt $deadline ]; do
        grep "I move from" "$work/dhcpd-master.log" | tail -n 1 | grep -q "to normal" &&
            grep "I move from" "$work/dhcpd-slave.log" | tail -n 1 | grep -q "to normal" && return 0
        sleep 0.5
    done
    return 1
}
peer_was_answering() { ! grep -q "does not answer" "$work/apply-slave.log"; }
apply_again_does_nothing() {
    apply_node master "$changed_cluster" on && tail -n 1 "$work/apply-master.log" | grep -q "nothing to do" &&
        test "$(grep -c '^master ' "$work/apply-reloads.log")" = 2
}
check "the slave's apply found the master's dhcpd answering before it restarted its own" peer_was_answering
check "after both restarts the failover pair is back in normal" pair_normal
check "a second apply of the same database writes and reloads nothing" apply_again_does_nothing

grep -h "reloaded" "$work/apply-master.log" "$work/apply-slave.log" | sed 's/^/    /'

# The monitoring check (lib.sh's status_is), from the master: OK with both up.
check "status says OK with both nodes up (exit 0)" status_is 0
check "  ... naming both dhcpds in failover state normal" \
    test "$(grep -cE '^OK: (master|slave) dhcpd: failover state normal$' "$work/status.out")" = 2
check "  ... both nameds agreeing on the sampled names, and the syslog path" \
    grep -q "^OK: DNS: both nameds serve nmsprime.test and agree on" "$work/status.out"
check "  ... with performance data" grep -qE "^PROVHA OK - .* \| master_dhcp_state=2 slave_dhcp_state=2 master_soa=[0-9]+ slave_soa=[0-9]+" "$work/status.out"

# Icinga 2 itself runs the master's generated objects against the running pair: the cluster file
# and the status plugin at this suite's paths, checks every 3 s instead of 1 min/30 s. Each
# check's state comes back through a PerfdataWriter. NMS Prime's check_tftp.py is not packaged
# (Icinga says UNKNOWN for the tftp services): they are not asserted.
icinga="$work/icinga"
mkdir -p "$icinga/run/icinga2" "$icinga/data" "$icinga/log" "$icinga/cache" "$icinga/spool/tmp" "$icinga/results"
# (place_pair already pointed the cluster file's path into $work/master, where no cluster file is.)
sed -e "s#\"/usr/local/bin/provha-compile\"#\"$compiler\"#; s#\"[^\"]*/etc/nmsprime-provha/cluster.yaml\"#\"$PWD/$run_cluster\"#" \
    -e 's/check_interval = 1m/check_interval = 3s/; s/retry_interval = 30s/retry_interval = 3s/' \
    "$work/master/etc/icinga2/conf.d/nmsprime-provha.conf" >"$icinga/objects.conf"
cat >"$icinga/icinga2.conf" <<ICINGA
const PluginDir = "/usr/lib/nagios/plugins"
const NodeName = "nms-master"
include <itl>
include <plugins>
object CheckerComponent "checker" { }
object PerfdataWriter "results" {
  host_perfdata_path = "$icinga/results/host"
  service_perfdata_path = "$icinga/results/service"
  host_format_template = "\$host.name\$|host|\$host.state\$|\$host.output\$"
  service_format_template = "\$host.name\$|\$service.name\$|\$service.state\$|\$service.output\$"
  rotation_interval = 1s
}
include "$icinga/objects.conf"
ICINGA
(cd "$icinga" && in_ns $ns_master icinga2 daemon -c "$icinga/icinga2.conf" -DRunAsUser=root -DRunAsGroup=root \
    -DDataDir="$icinga/data" -DInitRunDir="$icinga/run" -DLogDir="$icinga/log" -DCacheDir="$icinga/cache" \
    -DSpoolDir="$icinga/spool" -DPidPath="$icinga/run/icinga2/icinga2.pid" >"$work/icinga.log" 2>&1) &
# icinga_last HOST SERVICE: the state Icinga recorded last for SERVICE of HOST ("host": the host).
icinga_last() {
    local files; files="$(find "$icinga/results" -type f | sort -t. -k2 -n)"
    # shellcheck disable=SC2086  # the rotated files, oldest first, then the one being written
    cat $files "$icinga"/spool/tmp/*-perfdata 2>/dev/null |
        awk -F'|' -v host="$1" -v service="$2" '$1 == host && $2 == service { state = $3 } END { print state }'
}
# icinga_says SECONDS STATE HOST SERVICE...: true once Icinga's last result of each is STATE.
icinga_says() {
    local deadline=$((SECONDS + $1)) state="$2" host="$3" service all; shift 3
    while [ $SECONDS -lt $deadline ]; do
        all=yes
        for service in "$@"; do [ "$(icinga_last "$host" "$service")" = "$state" ] || all=no; done
        [ $all = yes ] && return 0
        sleep 1
    done
    for service in "$@"; do
        [ "$(icinga_last "$host" "$service")" = "$state" ] || echo "    icinga: $host $service is '$(icinga_last "$host" "$service")', not $state"
    done
    return 1
}
check "Icinga 2 runs the generated objects: the master's host check says UP" icinga_says 60 UP nms-master host
check "  ... and the slave's (NMS Prime's HA slave netelement)" icinga_says 20 UP nms-slave host
check "  ... dns (asking each node's named) and time (RFC 868) say OK on both nodes" \
    eval 'icinga_says 60 OK nms-master dns time && icinga_says 20 OK nms-slave dns time'
check "  ... and provha-pair, provha-compile status as its plugin, says OK" icinga_says 60 OK nms-master provha-pair
echo "    icinga: tftp $(icinga_last nms-master tftp) (NMS Prime's check_tftp.py is not installed here)"
openssl rand -base64 32 >"$work/wrong-omapi.key"
sed "s#secret_file: ../../examples/lab/secrets/omapi.key#secret_file: $work/wrong-omapi.key#" "$run_cluster" >"$work/wrong-key.yaml"
# (in $work, so the other secrets' paths become absolute)
sed -i "s#^  dump: .*#  dump: $work/suite.sql#; s#: \.\./\.\./examples/lab/secrets/#: $PWD/examples/lab/secrets/#g" "$work/wrong-key.yaml"
check "status with a wrong OMAPI key says UNKNOWN (exit 3)" status_is 3 "$work/wrong-key.yaml"
check "  ... naming the refused key" grep -q "OMAPI refuses the key" "$work/status.out"
serial_after=$(serial master)
check "the zone serial grew ($serial_before -> $serial_after), in NMS Prime's YYYYMMDDnn form" \
    test "${serial_after:-0}" -gt "${serial_before:-0}" -a "${#serial_after}" = 10

# 10b. The slave's watch on a live database: MariaDB (scripts/mariadb-test-server.sh) holding the
# changed database, read by the SELECT-only user over its socket. Its first cycle finds the files
# current; a row changed in the database (cpe-fixed-2 back to its first address) is applied within
# one cycle; with the database stopped, a cycle changes nothing.
export PROVHA_MARIADB_DIR="$work/mariadb" PROVHA_MARIADB_PORT=33307
mariadb_socket="$work/mariadb/mysqld.sock"
sql() { mariadb --socket="$mariadb_socket" -u root "$@"; }
start_database() {
    bash scripts/mariadb-test-server.sh start >"$work/mariadb-start.log" 2>&1 &&
        sql -e "CREATE DATABASE suite CHARACTER SET utf8mb4" && sql suite <"$work/changed.sql" &&
        sql -e "GRANT SELECT ON suite.* TO 'slaveread'@'localhost'"
}
check "MariaDB serves the changed database" start_database
watch_db="mariadb://slaveread@localhost/suite?socket=$mariadb_socket"
watch_slave() {  # watch_slave ARGS: the slave's watch in its namespace (ip netns exec execs it), its lines in watch.log
    PROVHA_DB_PASSWORD=slaveread-test PROVHA_SUITE_RELOAD=on SUITE_WORK="$work" SUITE_AFTER_DEPLOY="$after_deploy" \
        ip netns exec $ns_slave "$compiler" watch "$changed_cluster" --db "$watch_db" --node slave --root "$work/apply-slave" --no-verify "$@" \
        >>"$work/watch.log" 2>&1
}
check "the slave's first watch cycle finds its files current" watch_slave --once
check "  ... and says so" grep -q "no apply recorded yet; [0-9]* files already current, nothing reloaded" "$work/watch.log"
# The loop itself (not a function's subshell) in the background, so that $! is the watch.
PROVHA_DB_PASSWORD=slaveread-test PROVHA_SUITE_RELOAD=on SUITE_WORK="$work" SUITE_AFTER_DEPLOY="$after_deploy" \
    ip netns exec $ns_slave "$compiler" watch "$changed_cluster" --db "$watch_db" --node slave --root "$work/apply-slave" --no-verify \
    --interval 2 >>"$work/watch.log" 2>&1 &
watcher=$!
sleep 1
sql suite -e "UPDATE endpoint SET ip = '198.18.0.174', updated_at = UTC_TIMESTAMP() WHERE hostname = 'cpe-fixed-2'"
# (its files, and the zone seeds: the newest change dates their first serial)
check "the running watch applies a changed row within one cycle" \
    eventually 30 grep -qE "the database changed \(endpoint\); applied: [0-9]+ written, 0 removed, reloaded dns-records, dhcpd$" "$work/watch.log"
check "  ... and the slave's named has cpe-fixed-2 at its first address again" \
    test "$(in_ns $ns_slave dig +short @127.0.0.1 cpe-fixed-2.cpe.nmsprime.test A)" = "198.18.0.174"
check "  ... the next cycles find nothing to do" eventually 30 grep -q "nothing changed since the apply" "$work/watch.log"
kill $watcher
wait $watcher 2>/dev/null || true
bash scripts/mariadb-test-server.sh stop >/dev/null 2>&1
tree_state() { find "$work/apply-slave" -type f -printf '%p %T@ %s\n' | sort | md5sum; }

# 10c. The generated grants on a MariaDB in the master's namespace, on its address: run twice as
# root, then the slave connects over the pair's network as the SELECT-only user (reads, and every
# write refused with ERROR 1142) and as NMS Prime's user (writes).
master_db="$work/mariadb-master"
master_sql() { mariadb --socket="$master_db/mysqld.sock" -u root "$@"; }
grant_users="'nmsprime'@'172.20.0.100', 'nmsprime'@'172.20.0.101', 'cactiuser'@'172.20.0.100', 'cactiuser'@'172.20.0.101', 'slaveread'@'172.20.0.100', 'slaveread'@'172.20.0.101'"
show_grants() { local user; for user in ${grant_users//,/ }; do master_sql -N -e "SHOW GRANTS FOR $user"; done; }
from_slave() {  # from_slave USER PASSWORD-FILE SQL: mariadb in the slave's namespace, to the master's address
    in_ns $ns_slave mariadb -h 172.20.0.100 -P 3306 -u "$1" -p"$(cat "$2")" -N -e "$3"
}
secrets=examples/lab/secrets
start_master_db() {
    in_ns $ns_master env PROVHA_MARIADB_DIR="$master_db" PROVHA_MARIADB_PORT=3306 PROVHA_MARIADB_BIND=172.20.0.100 \
        bash scripts/mariadb-test-server.sh start >"$work/mariadb-master-start.log" 2>&1
}
check "a MariaDB runs in the master's namespace on 172.20.0.100:3306" start_master_db
check "  ... and takes the generated grants.sql as root" bash -c 'mariadb --socket="$1/mysqld.sock" -u root <"$2"' _ "$master_db" "$work/out/database/grants.sql"
grants_once="$(show_grants 2>&1)"
master_sql <"$work/out/database/grants.sql"
check "  ... a second time, changing no grant" test "$(show_grants 2>&1)" = "$grants_once"
check "the slave reads the master's database as the read-only user, over the pair's network" \
    test "$(from_slave slaveread "$secrets/db-slaveread.pw" "SELECT COUNT(*) > 0 FROM nmsprime.modem" 2>&1)" = 1
refused_writes() {
    local statement said
    for statement in "INSERT INTO nmsprime.modem (id) VALUES (999999)" "UPDATE nmsprime.modem SET name = 'x'" "CREATE TABLE nmsprime.probe (id INT)"; do
        said="$(from_slave slaveread "$secrets/db-slaveread.pw" "$statement" 2>&1)" && { echo "    not refused: $statement"; return 1; }
        grep -q "ERROR 1142" <<<"$said" || { echo "    refused otherwise: $statement: $said"; return 1; }
    done
}
check "  ... which may not write there: INSERT, UPDATE and CREATE get ERROR 1142" refused_writes
check "NMS Prime's user writes from the slave" from_slave nmsprime "$secrets/db-nmsprime.pw" \
    "CREATE TABLE nmsprime.probe (id INT); INSERT INTO nmsprime.probe VALUES (1); DROP TABLE nmsprime.probe"
PROVHA_MARIADB_DIR="$master_db" bash scripts/mariadb-test-server.sh stop >/dev/null 2>&1
before_down="$(tree_state)"
if watch_slave --once; then fail "with the database stopped, a watch cycle fails"; else ok "with the database stopped, a watch cycle fails"; fi
check "  ... saying the running configuration stays" grep -q "the database cannot be reached .*; the running configuration stays" "$work/watch.log"
check "  ... and changing no file" test "$before_down" = "$(tree_state)"

# 11. Failover: stop the master's dhcpd, TFTP, time and named; the slave serves new modems,
# renewals, their files, the time and their names; the master's named takes them over when back.
master_named="$(cat "$work/master/run/named/named.pid")"
kill "$(cat "$work/master/dhcpd.pid")" "$master_named"
master_stopped_at=$(date +%s)
status_started=$SECONDS
critical_soon() { for _ in $(seq 1 20); do status_is 2 && return 0; sleep 0.5; done; return 1; }
check "status says CRITICAL (exit 2) once the master's dhcpd and named are gone" critical_soon
echo "    status said CRITICAL $((SECONDS - status_started)) s after the kill: $(head -n 1 "$work/status.out")"
check "  ... the master's dhcpd does not answer OMAPI" grep -q "^CRITICAL: master dhcpd: does not answer OMAPI" "$work/status.out"
check "Icinga's provha-pair and the master's dns say CRITICAL too" icinga_says 40 CRITICAL nms-master provha-pair dns
for service in tftp time-tcp time-udp; do kill "$(cat "$work/$service-master.pid")" 2>/dev/null || true; done
check "the slave notices its peer is gone" wait_for 30 "$work/dhcpd-slave.log" "I move from normal to (communications-interrupted|partner-down)"
check "a new modem (cm-2) gets a lease from the slave" client cm2 00:1b:00:00:00:02 docsis3.0 20
[ -s "$work/cm2.env" ] && check "  ... from the slave" test "$(value cm2 new_dhcp_server_identifier)" = 172.20.0.101
if [ -n "${ip1:-}" ]; then
    renewing_at=$(date +%s)
    check "cm-1 renews its lease with the master down" client cm1 00:1b:00:00:00:01 docsis3.0 20
    if [ "$renewing_at" -lt "${cm1_expiry:-0}" ]; then
        [ -s "$work/cm1.env" ] && check "  ... keeping its address" test "$(value cm1 new_ip_address)" = "$ip1"
    else
        # A run slower than the first lease (one MCLT): the address went back to the pool.
        echo "    (cm-1's first lease expired at $(date -d "@${cm1_expiry:-0}" +%T), before it asked again)"
        [ -s "$work/cm1.env" ] && check "  ... an address of its CM pool again" in_pool "$(value cm1 new_ip_address)" 10.0.16.10 10.0.31.254
    fi
fi
check "with the master down, the modem fetches its config file from the slave" fetch 172.20.0.101 slave
check "  ... and gets the time from the slave (UDP)" time_ok 172.20.0.101 udp
check "  ... and over TCP" time_ok 172.20.0.101 tcp
if [ -s "$work/cm2.env" ]; then
    ip2="$(value cm2 new_ip_address)"
    check "the slave's named resolves cm-2 (its own update)" resolves $ns_slave cm-2.nmsprime.test "$ip2"
    if dns_sync slave mirror; then fail "the slave's dns-sync mirror reports the master's named as unreachable"
    else ok "the slave's dns-sync mirror reports the master's named as unreachable"; fi
    eventually 30 bash -c '! kill -0 "$1" 2>/dev/null' _ "$master_named" || echo "    (the master's named $master_named is still running)"
    check "the master's named starts again on its own zone files and journals" start_named master
    named_keeps_cm1 master "still resolving cm-1" "$master_stopped_at"
    check "  ... and its dns-sync mirror takes over what the slave registered meanwhile" dns_sync master mirror
    check "  ... so cm-2, leased while the master was down, resolves on the master" \
        test "$(in_ns $ns_master dig +short @127.0.0.1 cm-2.nmsprime.test A)" = "$ip2"
    check "  ... also back from its address (PTR)" test "$(in_ns $ns_master dig +short @127.0.0.1 -x "$ip2")" = "cm-2.nmsprime.test."
fi
# An apply on the slave that restarts its dhcpd while the master's is down waits for it
# (apply.peer_wait, 5 s here), then restarts anyway: the living node must not keep old files.
check "with the master's dhcpd down, apply on the slave (the changed dump again, after the watch's row) still restarts its dhcpd" \
    apply_node slave "$changed_cluster" on
check "  ... after waiting for the master's, and saying so" grep -q "still does not answer; restarting this node's anyway" "$work/apply-slave.log"
[ -s "$work/cm2.env" ] && check "  ... and the slave serves on: cm-2 renews from it" client cm2 00:1b:00:00:00:02 docsis3.0 20
[ -s "$work/cm2.env" ] && check "  ... from the slave" test "$(value cm2 new_dhcp_server_identifier)" = 172.20.0.101

# 12. firewalld with the generated zones in both server namespaces (each with a private D-Bus,
# the distribution's zones as defaults, the node's tree as system configuration; its public
# zone is what other hosts meet). What the pair uses between its nodes (the reference's list,
# not the zone's own: a port missing from the zone must fail here) is open to the peer;
# an outside host's reach is the public zone's; CPEs still resolve through both servers.
start_firewalld() {  # start_firewalld NODE
    local node="$1" ns_var="ns_$1"
    printf 'DefaultZone=public\n' >"$work/$node/etc/firewalld/firewalld.conf"
    cat >"$work/$node/bus.conf" <<BUS
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/$node/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
BUS
    dbus-daemon --config-file="$work/$node/bus.conf" --fork --print-pid >"$work/$node/bus.pid"
    DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/$node/bus" in_ns "${!ns_var}" firewalld --nofork --nopid \
        --system-config "$work/$node/etc/firewalld" --log-target console >"$work/firewalld-$node.log" 2>&1 &
    for _ in $(seq 1 30); do [ "$(fw "$node" --state 2>/dev/null)" = running ] && return 0; sleep 1; done
    return 1
}
fw() { local ns_var="ns_$1"; DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/$1/bus" timeout 10 ip netns exec "${!ns_var}" firewall-cmd "${@:2}"; }
declare -A pair_ports=([master]="647 7911 53 3306 4444 4567 4568 514 22" [slave]="647 7911 53 3306 4444 4567 4568 22 5665")
for node in master slave; do
    ns_var="ns_$node"
    # Something listens on each port (a daemon of the suite, or this), so a refusal is the firewall's.
    in_ns "${!ns_var}" python3 Tests/Integration/tcp.py listen ${pair_ports[$node]} >/dev/null 2>&1 &
done
sleep 0.5
for node in master slave; do
    check "firewalld starts on the $node with the generated zones" start_firewalld $node
    active="$(fw $node --get-active-zones 2>/dev/null | grep -v '^ ' | sort | tr '\n' ' ')"
    check "  ... and makes them active: $active" test "$active" = "nmsprime-cpe nmsprime-devices nmsprime-provha "
    check "  ... without an error in its log" bash -c "! grep -q ERROR '$work/firewalld-$node.log'"
done
for node in master slave; do
    peer=$([ $node = master ] && echo slave || echo master); peer_ns="ns_$peer"
    address=$([ $node = master ] && echo 172.20.0.100 || echo 172.20.0.101)
    check "the $peer reaches every TCP port the pair uses on the $node (${pair_ports[$node]})" \
        eventually 20 in_ns "${!peer_ns}" python3 Tests/Integration/tcp.py reach "$address" ${pair_ports[$node]}
    if in_ns $ns_sub python3 Tests/Integration/tcp.py reach -b 192.0.2.5 "$address" 3306 4444 >/dev/null; then
        fail "an outside host cannot reach the $node's Galera ports"
    else ok "an outside host cannot reach the $node's Galera ports"; fi
    check "  ... but still reaches ssh there, as the public zone allows" in_ns $ns_sub python3 Tests/Integration/tcp.py reach -b 192.0.2.5 "$address" 22
    check "a CPE still resolves a name outside the cluster through the $node's firewall" \
        test "$(in_ns $ns_sub dig +short +time=3 +tries=2 -b 100.64.16.5 @$address www.internet.test A)" = 203.0.113.7
done
check "the slave's dns-sync mirror still transfers the master's zones through both firewalls" dns_sync slave mirror

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
