#!/bin/bash
# apply-reload.sh SERVICE: the suite's apply.commands (Tests/Integration/cluster.yaml). apply runs
# it in the node's namespace after writing the node's tree under PROVHA_ROOT; it logs the reload,
# deploys what apply wrote to the daemons' place ($SUITE_WORK/NODE, paths pointed there, as the
# suite's daemons run side by side), and reloads SERVICE the way its unit would. With
# PROVHA_SUITE_RELOAD=off it only logs (the first apply, over a tree already running).
set -euo pipefail
service="$1" node="$PROVHA_NODE" work="$SUITE_WORK"
echo "$node $service $PROVHA_CHANGED" >>"$work/apply-reloads.log"
[ "${PROVHA_SUITE_RELOAD:-on}" = off ] && exit 0
after_deploy="${SUITE_AFTER_DEPLOY:-true}"
# shellcheck source=Tests/Integration/deploy.sh
source Tests/Integration/deploy.sh
deploy "$node" "$PROVHA_ROOT"
dns_sync() { bash "$work/$node/usr/libexec/nmsprime-provha/dns-sync" "$@" >>"$work/dns-sync-$node.log" 2>&1; }
own=$([ "$node" = master ] && echo 172.20.0.100 || echo 172.20.0.101)
case "$service" in
named)
    dns_sync seed
    kill -HUP "$(cat "$work/$node/run/named/named.pid")"
    ;;
dns-records)
    # named may still be reloading (a HUP just before): tried until it goes through, 30 s at most
    # (a fifth of that in the self-test, whose broken update policy must fail it).
    for _ in $(seq 1 $((60 * ${SUITE_WAIT_PERCENT:-100} / 100))); do dns_sync static && exit 0; sleep 0.5; done
    exit 1
    ;;
slave-clean-up)
    # The slave's generated clean-up, on the node's place (its cron files under $work/NODE).
    PROVHA_ROOT="$work/$node" bash "$work/$node/usr/libexec/nmsprime-provha/clean-up-slave" >>"$work/clean-up-$node.log" 2>&1
    ;;
dhcpd)
    # systemctl restart: stop, wait until it is gone, start, and succeed once it listens for its peer.
    pid="$(cat "$work/$node/dhcpd.pid")"
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    echo "apply-reload: restarting dhcpd" >>"$work/dhcpd-$node.log"
    start_dhcpd "$node"
    for _ in $(seq 1 120); do
        timeout 1 bash -c "echo >/dev/tcp/$own/647" 2>/dev/null && exit 0
        sleep 0.25
    done
    exit 1
    ;;
esac
