# Shared by the integration suites (run.sh: the ISC dhcpd pair, kea.sh: the Kea pair): the
# namespaces and their network, the build and deploy of the pair, the nameds, the DHCP clients
# and the checks' bookkeeping. Source it from the repository's root with $suite set.
# shellcheck shell=bash
work="$(mktemp -d "/tmp/provha-$suite.XXXXXX")"
chmod 0755 "$work"  # named runs as the unprivileged user bind and reads its files below
# The suite's cluster file plus the master's sync to the slave, with keys made for this run.
run_cluster="Tests/Integration/.run-${suite}-cluster.yaml"
ns_master=provha-it-master ns_slave=provha-it-slave ns_cmts=provha-it-cmts ns_sub=provha-it-sub
passed=0
failed=0

in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

cleanup() {
    local status=$?
    # Every process started in the namespaces, then the namespaces (and their links) themselves.
    for ns in $ns_master $ns_slave $ns_cmts $ns_sub; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    done
    # run.sh's MariaDB (the watch's live database) runs outside them too.
    [ -S "$work/mariadb/mysqld.sock" ] && PROVHA_MARIADB_DIR="$work/mariadb" bash scripts/mariadb-test-server.sh stop >/dev/null 2>&1
    # The private D-Bus daemons of the namespaces' firewalld run outside them.
    for pid in "$work"/*/bus.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null; done
    sleep 0.5
    for ns in $ns_master $ns_slave $ns_cmts $ns_sub; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    if [ $status -ne 0 ] || [ $failed -ne 0 ]; then
        for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 25 "$log"; }; done
    fi
    rm -f "$run_cluster" "${changed_cluster:-}"
    [ -n "${PROVHA_IT_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

ok() { echo "ok: $1"; passed=$((passed + 1)); }
# wait_quiet SECONDS FILE: true once FILE has not grown for 3 s (within SECONDS).
wait_quiet() {
    local deadline=$((SECONDS + $1)) size=-1 still=0
    while [ $SECONDS -lt $deadline ]; do
        local now; now=$(stat -c %s "$2")
        if [ "$now" = "$size" ]; then still=$((still + 1)); [ $still -ge 6 ] && return 0; else still=0; size=$now; fi
        sleep 0.5
    done
    return 1
}
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
# wait_for SECONDS FILE PATTERN: true once FILE holds a line matching PATTERN.
wait_for() {
    local deadline=$((SECONDS + $1))
    while [ $SECONDS -lt $deadline ]; do
        grep -qE "$3" "$2" 2>/dev/null && return 0
        sleep 0.5
    done
    return 1
}

node_of() { [ "$1" = 172.20.0.100 ] && echo master || echo slave; }
# eventually SECONDS COMMAND...: true once COMMAND succeeds, tried every 0.5 s for up to SECONDS
# (a busy machine is slow; a quiet one returns at the first try). The self-tests
# (--break-emitter), whose broken checks must fail, wait a fifth as long (wait_percent=20): a
# shorter wait can only fail more, never pass what should fail.
wait_percent=100
eventually() {
    local limit=$(($1 * wait_percent / 100))
    local deadline=$((SECONDS + (limit > 0 ? limit : 1))); shift
    until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.5; done
}
# gone NAMESPACE NAME: true once the named in NAMESPACE has no address for NAME (30 s).
gone() {
    local seen
    eventually 30 bash -c '[ -z "$(ip netns exec "$1" dig +short @127.0.0.1 "$2" A)" ]' _ "$1" "$2" && return 0
    seen="$(in_ns "$1" dig +short @127.0.0.1 "$2" A | tr '\n' ' ')"
    echo "    observed: $2 still resolves to ${seen:-nothing} after 30 s"
    return 1
}
# resolves NAMESPACE NAME ADDRESS: true once the named in NAMESPACE resolves NAME to ADDRESS (30 s).
resolves() {
    local seen
    eventually 30 bash -c '[ "$(ip netns exec "$1" dig +short @127.0.0.1 "$2" A)" = "$3" ]' _ "$1" "$2" "$3" && return 0
    seen="$(in_ns "$1" dig +short @127.0.0.1 "$2" A | tr '\n' ' ')"
    echo "    observed: $2 resolves to ${seen:-nothing}, not $3, after 30 s"
    return 1
}

# build_pair CLUSTER DUMP: builds CLUSTER (its snapshot replaced by DUMP, plus the master's sync
# to the slave with keys made for this run) into $work/out.
build_pair() {
    ssh-keygen -q -t ed25519 -N '' -C '' -f "$work/slave_host_key"
    ssh-keygen -q -t ed25519 -N '' -C '' -f "$work/sync_id"
    { sed "s#^  dump: .*#  dump: $2#" "$1"
      printf 'tftp:\n  sync:\n    identity_file: %s\n    slave_host_key: "%s"\n' "$work/sync_id" "$(cut -d' ' -f1,2 "$work/slave_host_key.pub")"
    } >"$run_cluster"
    swift build --product provha-compile >/dev/null
    # A copy: a rebuild while the suite runs must not pull the binary from under it.
    cp "$(swift build --show-bin-path)/provha-compile" "$work/provha-compile"
    compiler="$work/provha-compile"
    "$compiler" build "$run_cluster" --out "$work/out" 2>"$work/build.log"
}
after_deploy=true  # a suite's hook, run on each node after its deploy
# shellcheck source=Tests/Integration/deploy.sh
source Tests/Integration/deploy.sh
# place_pair: deploys both nodes with the folders their daemons expect.
place_pair() {
    for node in master slave; do
        deploy $node
        mkdir -p "$work/$node/db" "$work/$node/spool" "$work/$node/tftpboot/cm" "$work/$node/var/named" "$work/$node/run/named"
        # What the distribution's named package sets up: its working and run folders are named's.
        chown bind: "$work/$node/var/named" "$work/$node/run/named"
    done
}
# dns_sync NODE ARGS: the node's generated dns-sync, in the node's namespace.
dns_sync() { local ns_var="ns_$1"; in_ns "${!ns_var}" bash "$work/$1/usr/libexec/nmsprime-provha/dns-sync" "${@:2}" >>"$work/dns-sync-$1.log" 2>&1; }
# unit_value FILE KEY: the value of KEY= in a generated unit.
unit_value() { grep -m1 "^$2=" "$1" | cut -d= -f2-; }

# make_network: the namespaces, the bridge and the cable segment (clearing a killed run's first).
make_network() {
    for ns in $ns_master $ns_slave $ns_cmts $ns_sub; do ip netns del "$ns" 2>/dev/null || true; done
    for link in it-master it-slave it-cable; do ip link del "$link" 2>/dev/null || true; done
    for ns in $ns_master $ns_slave $ns_cmts $ns_sub; do ip netns add "$ns"; in_ns "$ns" ip link set lo up; done
    in_ns $ns_cmts ip link add br0 type bridge
    in_ns $ns_cmts ip addr add 172.20.0.1/24 dev br0
    in_ns $ns_cmts ip link set br0 up
    for node in master slave; do
        ns_var="ns_$node"; ns="${!ns_var}"
        ip link add "it-$node" type veth peer name "it-$node-br"
        ip link set "it-$node" netns "$ns"
        ip link set "it-$node-br" netns $ns_cmts
        in_ns $ns_cmts ip link set "it-$node-br" master br0 up
        in_ns "$ns" ip link set "it-$node" name eth0
        in_ns "$ns" ip addr add "172.20.0.$([ $node = master ] && echo 100 || echo 101)/24" dev eth0
        in_ns "$ns" ip link set eth0 up
        in_ns "$ns" ip route add default via 172.20.0.1
    done
    ip link add it-cable type veth peer name it-cable-sub
    ip link set it-cable netns $ns_cmts
    ip link set it-cable-sub netns $ns_sub
    in_ns $ns_cmts ip addr add 10.0.16.1/20 dev it-cable
    in_ns $ns_cmts ip link set it-cable up
    in_ns $ns_sub ip link set it-cable-sub up
    in_ns $ns_cmts sysctl -qw net.ipv4.ip_forward=1
}

# start_internet: "the internet", an authoritative server for internet.test on the CMTS's
# upstream address, the resolver the cluster file names as the nodes' forwarder.
start_internet() {
    mkdir -p "$work/internet"
    cat > "$work/internet/named.conf" <<NAMED
options { directory "$work/internet"; pid-file "$work/internet/named.pid"; listen-on { 172.20.0.1; };
          listen-on-v6 { none; }; recursion no; dnssec-validation no; };
zone "internet.test" { type master; file "$work/internet/internet.test.zone"; };
NAMED
    printf '$TTL 60\n@ IN SOA ns.internet.test. hostmaster.internet.test. 1 60 60 60 60\n  IN NS ns\nns IN A 172.20.0.1\nwww IN A 203.0.113.7\n' \
        >"$work/internet/internet.test.zone"
    ip netns exec $ns_cmts named -g -c "$work/internet/named.conf" >"$work/named-internet.log" 2>&1 &
}
# start_named NODE: named on the generated file as its whole configuration, as the unprivileged
# user bind, on the zone files dns-sync seeds (the named unit's drop-in); true once it answers.
start_named() {
    local ns_var="ns_$1"
    in_ns "${!ns_var}" named -g -u bind -c "$work/$1/etc/named-nmsprime.conf" >>"$work/named-$1.log" 2>&1 &
    for _ in $(seq 1 120); do
        # (dig +short prints its connection errors on standard output too: match the SOA itself)
        in_ns "${!ns_var}" dig +short +time=1 +tries=1 @127.0.0.1 nmsprime.test SOA | grep -qE '^[^;].*( [0-9]+){5}$' && return 0
        sleep 0.25
    done
    return 1
}
# start_dns: on both nodes, the zone files from their seeds, named, and the static records.
start_dns() {
    zone_count=$(grep -c '^zone ' "$work/master/etc/named-nmsprime.conf")
    for node in master slave; do
        check "dns-sync seed installs a zone file for each of the $zone_count zones ($node)" dns_sync $node seed
        check "  ... each from its seed" test "$(ls "$work/$node/var/named/dynamic/" | grep -c '\.zone$')" = "$zone_count"
        check "$node's named starts as bind on the generated configuration" start_named $node
        check "  ... and runs as the unprivileged user bind" test "$(ps -o user= -p "$(cat "$work/$node/run/named/named.pid")")" = bind
        check "dns-sync static publishes the servers and fixed endpoints in $node's named" dns_sync $node static
    done
}

cat > "$work/record.sh" <<RECORD
#!/bin/sh
# dhclient's script (dhclient clears the environment): record what the server handed out.
case "\$reason" in BOUND|RENEW|REBOOT) env | grep -E '^new_' | sort > "$work/\$interface.env" ;; esac
exit 0
RECORD
chmod +x "$work/record.sh"
# client NAME MAC VENDOR-CLASS SECONDS: one DHCP exchange on a macvlan with MAC; true if bound.
# $client_extra: more lines for its dhclient.conf (e.g. `also request host-name;`).
client() {
    local name="$1" mac="$2" vendor="$3" seconds="$4"
    in_ns $ns_sub ip link show "$name" >/dev/null 2>&1 || {
        in_ns $ns_sub ip link add link it-cable-sub name "$name" type macvlan mode bridge
        in_ns $ns_sub ip link set "$name" address "$mac" up
    }
    cat > "$work/$name.conf" <<CONF
timeout $seconds;
retry 1;
send vendor-class-identifier "$vendor";
request subnet-mask, routers, domain-name-servers, time-servers, log-servers, time-offset, domain-name;
also request vivso;
${client_extra:-}
CONF
    rm -f "$work/$name.env"
    local started; started=$(date +%s%N)
    in_ns $ns_sub dhclient -4 -1 -v -cf "$work/$name.conf" -lf "$work/$name.leases" -pf "$work/$name.pid" \
        -sf "$work/record.sh" "$name" >>"$work/dhclient-$name.log" 2>&1 || true
    # How long the exchange took at most, in whole seconds: a bound on the secs field it sent.
    echo $((($(date +%s%N) - started) / 1000000000)) >"$work/$name.seconds"
    # Stop the client without a RELEASE: the server keeps the lease, as for a modem that stays up.
    # Once bound, dhclient -1 forks into the background and writes its pid file from there, so the
    # file may still name the parent: stop every process of this client by its own pid file
    # argument, or it renews later and rewrites what the checks below compare against.
    for _ in $(seq 1 50); do pkill -f -- "-pf $work/$name.pid " || break; sleep 0.1; done
    [ -s "$work/$name.env" ]
}
value() { grep -E "^$2=" "$work/$1.env" | head -n 1 | cut -d= -f2- | tr -d "'"; }
# explained MAC REMOTE-ID WANTED...: true if `provha-compile explain` for the device (behind the
# modem REMOTE-ID, or none) prints every WANTED, e.g. "answered by: the slave ".
explained() {
    local out want
    out="$("$compiler" explain "$run_cluster" --mac "$1" ${2:+--remote-id "$2"} 2>>"$work/explain.log")" || return 1
    echo "$out" >>"$work/explain.log"
    for want in "${@:3}"; do grep -qF "$want" <<<"$out" || return 1; done
}
# explain_names_answerer NAME MAC VENDOR-CLASS: true if `explain` names the node that answers
# the modem (client NAME). dhcpd's load balancing leaves a client whose secs field exceeds `load
# balance max seconds` (the suite's cluster file: 3) to either peer, and dhclient's secs counts
# from its first DISCOVER: an exchange that took longer (a busy machine) says nothing about the
# hash. Then the modem asks once more with secs 0, DISCOVER only (dhcp_cpe.py's OFFER_ONLY: no
# lease or name changes), and the node that offers is judged. On failure it prints what it saw.
lb_max_seconds=3
explain_names_answerer() {
    local name="$1" mac="$2" vendor="$3" took server answered said how
    took="$(cat "$work/$name.seconds")"
    if [ "$took" -le $lb_max_seconds ]; then
        server="$(value "$name" new_dhcp_server_identifier)" how="its exchange took at most $took s"
    else
        server="$(in_ns $ns_sub env DHCP_VENDOR="$vendor" OFFER_ONLY=1 python3 Tests/Integration/dhcp_cpe.py "$name" "$mac" - 20 \
            2>>"$work/cpe.log" | cut -d' ' -f2)"
        how="its exchange took up to $took s, over load balance max seconds $lb_max_seconds; a DISCOVER with secs 0 was offered by ${server:-nobody}"
        echo "    ($name: $how)"
        [ -n "$server" ] || return 1
    fi
    answered="$(node_of "$server")"
    explained "$mac" "" "answered by: the $answered " && return 0
    said="$("$compiler" explain "$run_cluster" --mac "$mac" 2>&1 | grep -m1 'answered by' || true)"
    echo "    observed: the $answered answers $mac ($how); explain says: ${said:-nothing}"
    return 1
}
# check_modem_options CLIENT SERVER PEER: what cm-1 (dhclient CLIENT) was handed by SERVER, each
# server list own address first: next-server, time, DNS and log servers, its file, vivso, router.
check_modem_options() {
    local client="$1" server="$2" peer="$3" own_hex peer_hex
    check "next-server is the answering server" test "$(value $client new_next_server)" = "$server"
    check "time-servers: own first, peer second" test "$(value $client new_time_servers)" = "$server $peer"
    check "domain-name-servers: own first, peer second" test "$(value $client new_domain_name_servers)" = "$server $peer"
    check "log-servers: own first, peer second" test "$(value $client new_log_servers)" = "$server $peer"
    check "filename is the modem's config file" test "$(value $client new_filename)" = "cm/cm-1.cfg"
    own_hex=$(printf '%02x:%02x:%02x:%02x' ${server//./ }); peer_hex=$(printf '%02x:%02x:%02x:%02x' ${peer//./ })
    check "vivso lists own then peer TFTP server (CableLabs 4491, sub-option 2)" \
        grep -qiE "^new_vivso='?0:0:11:8b:a:2:8:$(echo "$own_hex:$peer_hex" | sed -E 's/(^|:)0([0-9a-f])/\1\2/g')" "$work/$client.env"
    check "the router is the CMTS" test "$(value $client new_routers)" = "10.0.16.1"
}
in_pool() {  # in_pool IP FIRST LAST
    python3 -c "import ipaddress,sys; a,f,l=(int(ipaddress.ip_address(x)) for x in sys.argv[1:]); sys.exit(0 if f<=a<=l else 1)" "$@"
}

# CPEs behind modems, told apart by the modem's MAC that the CMTS puts in the relay agent
# information (remote-id): private, public, blocked. dhclient cannot send option 82, so a small
# client does what the CMTS would (dhcrelay forwards agent information it finds).
cpe() {  # cpe NAME MAC MODEM-MAC SECONDS: true if bound; prints "ADDRESS SERVER" into $work/NAME.cpe
    in_ns $ns_sub ip link add link it-cable-sub name "$1" type macvlan mode bridge
    in_ns $ns_sub ip link set "$1" address "$2" up
    in_ns $ns_sub python3 Tests/Integration/dhcp_cpe.py "$1" "$2" "$3" "$4" >"$work/$1.cpe" 2>>"$work/cpe.log"
}

# status_is LEVEL [CLUSTER]: the monitoring check, from the master (where the seed's icinga runs),
# exits with LEVEL (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); its output is in $work/status.out.
status_is() {
    in_ns $ns_master "$compiler" status "${2:-$run_cluster}" --timeout 3 >"$work/status.out" 2>>"$work/status.log"
    local level=$?
    cat "$work/status.out" >>"$work/status.log"
    [ "$level" = "$1" ]
}
