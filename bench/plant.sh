# Sourced by bench/run.sh and bench/compare.sh: the benchmark's plant of MODEMS modems in $work.
# shellcheck shell=bash

# plant MODEMS: makes (once) the deterministic dump $work/dump-MODEMS.sql (one CMTS per 500
# modems) and writes its cluster file $work/cluster-MODEMS.yaml (dhcp.server $BENCH_DHCP_SERVER,
# isc by default); sets $dump and $cluster to them.
plant() {
    local modems="$1" cmts=$(( $1 / 500 > 0 ? $1 / 500 : 1 ))
    dump="$work/dump-$modems.sql" cluster="$work/cluster-$modems.yaml"
    [ -s "$dump" ] || python3 bench/generate_dump.py --modems "$modems" --cmts "$cmts" --seed 1 >"$dump"
    cat >"$cluster" <<YAML
version: 1
cluster: { name: bench, domain: nmsprime.test }
nodes:
  master: { hostname: nms-master, address: 172.20.0.100 }
  slave: { hostname: nms-slave, address: 172.20.0.101 }
snapshot: { dump: dump-$modems.sql }
dhcp: { server: ${BENCH_DHCP_SERVER:-isc} }
YAML
}
