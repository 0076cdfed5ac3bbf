# The suites' deploy, shared by lib.sh and apply-reload.sh: a node's tree copied over its place
# under $work/NODE with its absolute paths pointed there (the daemons run side by side on one
# machine). Needs $work and $after_deploy (a hook run on the node after its deploy).
# shellcheck shell=bash

# deploy NODE [FROM]: copies the node's tree (the build's $work/out/NODE, or what apply wrote
# under FROM) over its place, as README's deploy step does.
deploy() {
    local node="$1" from="${2:-$work/out/$1}"
    mkdir -p "$work/$node"
    cp -a "$from/." "$work/$node/"  # with modes and groups (named reads its key as bind)
    grep -rlE '"/(etc|var|run)/' "$from" | sed "s#^$from#$work/$node#" |
        xargs -r sed -i -E "s#\"/(etc|var|run)/#\"$work/$node/\\1/#g"
    # log.conf (dhcpd) starts the CPE name helper of this node.
    [ -f "$work/$node/etc/dhcp-nmsprime/log.conf" ] && sed -i "s#\"/usr/libexec/#\"$work/$node/usr/libexec/#" "$work/$node/etc/dhcp-nmsprime/log.conf"
    # The units: this node's TFTP root and helpers.
    sed -i -E "s# /tftpboot\$# $work/$node/tftpboot#; s# /usr/libexec/# $work/$node/usr/libexec/#" "$work/$node"/etc/systemd/system/nmsprime-provha-t*
    # The master's sync: sources on the master, destinations on the slave, its known_hosts.
    [ "$node" = master ] && sed -i -E -e "s#@172.20.0.101:/#@172.20.0.101:$work/slave/#g" -e "s# /(tftpboot|etc|var)/# $work/master/\\1/#g" \
        -e "s#=/etc/nmsprime-provha/#=$work/master/etc/nmsprime-provha/#g" "$work/master/etc/systemd/system/nmsprime-provha-sync.service"
    "$after_deploy" "$node"
}

# start_dhcpd NODE [NAMESPACE]: the node's dhcpd on its deployed files, in NAMESPACE (or in the
# current one: apply's commands run in the node's), its output appended to its log.
start_dhcpd() {
    local node="$1" exec=()
    [ -n "${2:-}" ] && exec=(ip netns exec "$2")
    touch "$work/$node/dhcpd.leases"
    "${exec[@]}" dhcpd -4 -d -cf "$work/$node/etc/dhcp-nmsprime/dhcpd.conf" -lf "$work/$node/dhcpd.leases" \
        -pf "$work/$node/dhcpd.pid" eth0 </dev/null >>"$work/dhcpd-$node.log" 2>&1 &
}

# break_tree NODE: run.sh's self-test (--break-emitter), its broken emitters, in every deploy of
# the node's tree (also those apply makes).
break_tree() {
    local own=$([ "$1" = master ] && echo 100 || echo 101) peer=$([ "$1" = master ] && echo 101 || echo 100)
    sed -i "s/^next-server 172.20.0.$own;/next-server 172.20.0.$peer;/" "$work/$1/etc/dhcp-nmsprime/global.conf"
    sed -i -e 's/allow-recursion { localhost; nmsprime; cm; cpe; mta; };/allow-recursion { localhost; nmsprime; cm; mta; };/' \
        -e 's/grant local-ddns zonesub any; //' "$work/$1/etc/named-nmsprime.conf"
    sed -i '/port="3306"/d' "$work/$1/etc/firewalld/zones/nmsprime-provha.xml"
}
