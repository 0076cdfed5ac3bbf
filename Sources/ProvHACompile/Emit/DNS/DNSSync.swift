/// Where the DNS keeper's files live on a node.
enum DNSSyncPaths {
    static let folder = "/etc/nmsprime-provha/dns"
    static let seeds = "\(folder)/seed"
    static let staticRecords = "\(folder)/static-records"
    static let script = "\(SystemdPaths.helpers)/dns-sync"
    /// What `static` and `mirror` applied last, per zone: the base of their three-way merge.
    static let state = "/var/lib/nmsprime-provha/dns"
    /// The systemd drop-in that seeds missing zone files before named starts.
    static let namedDropIn = "/etc/systemd/system/named.service.d/nmsprime-provha.conf"
}

/// `dns-sync` and its units: how each node's named stays in step with the cluster while named
/// owns its dynamic zones (a zone file replaced under a running named loses every dynamic record).
/// - `seed` (before named starts, and before a reload that adds a zone) copies a zone's seed only
///   where named has no file for it yet;
/// - `static` (`nmsprime-provha-dns-static.service`, after named, and after each deploy that
///   changes `static-records`) makes the static records what this build publishes;
/// - `mirror` (`nmsprime-provha-dns-mirror.timer`, every `dns.mirror_interval` seconds) takes over
///   the names the peer's dhcpd registered or removed since the last run, so that both nameds
///   resolve every device, also after one of them was down.
/// Both merge three ways per name and type: what was applied last (`state`), what is wanted now
/// (the build's records, the peer's zone), what named holds; a name this node's dhcpd changed on
/// its own meanwhile is left alone. Updates are signed with named's session key.
struct DNSSyncEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let interval = node.model.dns.mirrorInterval
        let script = DNSSyncPaths.script
        return [
            node.file(script, reload: .none, contents: Self.script(node), mode: 0o755),
            node.file(
                DNSSyncPaths.namedDropIn, reload: .systemd,
                contents: node.header() + """
                    # Seeds the zone files named does not have yet (first install, a new zone) before it starts.
                    [Service]
                    ExecStartPre=/bin/bash \(script) seed

                    """),
            node.file(
                SystemdPaths.unit("dns-static.service"), reload: .systemd,
                contents: node.header() + """
                    [Unit]
                    Description=Bring named's static records (servers, fixed-IP endpoints) to what the last build publishes
                    After=named.service
                    Requires=named.service

                    [Service]
                    Type=oneshot
                    ExecStart=/bin/bash \(script) static

                    [Install]
                    WantedBy=named.service

                    """),
            node.file(
                SystemdPaths.unit("dns-mirror.service"), reload: .systemd,
                contents: node.header() + """
                    [Unit]
                    Description=Take over the DNS names the ProvHA peer \(node.peer.hostname) registered or removed
                    After=named.service network-online.target
                    Requires=named.service

                    [Service]
                    Type=oneshot
                    ExecStart=/bin/bash \(script) mirror

                    """),
            node.file(
                SystemdPaths.unit("dns-mirror.timer"), reload: .systemd,
                contents: SystemdUnitText.timer(node, description: "Take over the ProvHA peer's DNS names every \(interval) s", seconds: interval)),
        ]
    }

    /// The script: its settings (validated names and paths, each double-quoted), then fixed code.
    static func script(_ node: NodeContext) -> String {
        let model = node.model
        let zones = DNSZone.all(of: model).map(\.name).joined(separator: " ")
        return "#!/bin/bash\n" + node.header() + """
            # dns-sync seed|static|mirror: keeps this node's named in step with the cluster. named owns
            # its dynamic zones, so every change reaches it by dynamic update, never by a new zone file.
            #   seed    copy the seed of each zone whose file named does not have yet (first install)
            #   static  make the static records (servers, fixed-IP endpoints) what the build publishes
            #   mirror  take over the names the peer registered or removed since the last run
            #   merge   a dry run of the merge on record files (prints the nsupdate batch)
            # static and mirror merge three ways per name and type: what was applied last (state),
            # what is wanted now, and what named holds; a name named changed since is left alone.
            set -euo pipefail
            umask 022

            peer="\(node.peer.address)"
            zones="\(zones)"
            zone_folder="\(model.dns.zoneFolder)"
            seed_folder="\(DNSSyncPaths.seeds)"
            static_records="\(DNSSyncPaths.staticRecords)"
            state="\(DNSSyncPaths.state)"
            session_key="\(NamedPaths.sessionKey)"
            group="\(model.dns.group)"


            """ + scriptBody
    }

    /// The code of `dns-sync`, the same on every node and cluster.
    static let scriptBody = #"""
        log() { echo "dns-sync: $*" >&2; }

        # records SERVER ZONE: the zone's records at SERVER (a complete AXFR) as sorted lines
        # "owner ttl type data", owners in lower case, without the SOA and the apex NS records.
        records() {
            dig +nocmd +noall +answer +nottlunits +time=5 +tries=2 @"$1" "$2" AXFR |
                awk -v apex="$2." '
                    BEGIN { apex = tolower(apex) }
                    $4 == "SOA" { soa++; next }
                    { owner = tolower($1) }
                    owner == apex && $4 == "NS" { next }
                    { data = $5; for (i = 6; i <= NF; i++) data = data " " $i; print owner, $2, $4, data }
                    END { if (soa < 2) exit 1 }' | LC_ALL=C sort -u
        }

        # The nsupdate batch both merges write: the server and zone, then a send after every 200
        # commands, always at the end of a name's set (its delete and adds stay in one update).
        batch_functions='
            function command(text) {
                if (!pending) { print "server 127.0.0.1"; print "zone " zone }
                print text; pending++
            }
            function end_set() { if (pending >= 200) flush() }
            function flush() { if (pending) { print "send"; pending = 0 } }'

        # merge ZONE WANTED BASE HELD FIRST: the nsupdate batch that brings HELD to WANTED for every
        # name and type whose WANTED records differ from BASE. A set gone from WANTED is deleted only
        # where HELD still equals BASE; with FIRST=1 (no base yet) a set HELD already has is kept.
        # All three are sorted: comm finds the changed names and types in one pass, grep -F picks
        # the lines of those names, and only they are held in memory (a million unchanged names
        # cost a read, not a table).
        merge() {
            if [ "$5" = 1 ]; then  # only the sets HELD lacks
                LC_ALL=C comm -23 <(awk '{ print $1 " " $3 }' "$2" | LC_ALL=C sort -u) \
                    <(awk '{ print $1 " " $3 }' "$4" | LC_ALL=C sort -u) >"$work/keys"
            else
                LC_ALL=C comm -3 "$3" "$2" | awk '{ sub(/^\t/, ""); print $1 " " $3 }' | LC_ALL=C sort -u >"$work/keys"
            fi
            [ -s "$work/keys" ] || return 0
            if [ "$5" = 1 ]; then  # each missing set is added as WANTED has it, streaming
                awk -v zone="$1" "$batch_functions"'
                    FILENAME == ARGV[1] { keys[$0]; next }
                    { key = $1 " " $3 }
                    !(key in keys) { next }
                    key != last { end_set(); command("update delete " key); last = key }
                    { command("update add " $0) }
                    END { flush() }' "$work/keys" "$2"
                return 0
            fi
            awk '{ print $1 " " }' "$work/keys" | LC_ALL=C sort -u >"$work/owners"
            # Many changed names: reading everything beats a huge pattern set.
            [ "$(wc -l <"$work/owners")" -le 200000 ] || : >"$work/owners"
            awk -v zone="$1" "$batch_functions"'
                function put(set, key, line) { set[key] = (key in set) ? set[key] "\n" line : line }
                FILENAME == ARGV[1] { keys[$0]; next }
                { key = $1 " " $3; if (!(key in keys)) next }
                FILENAME == ARGV[2] { put(W, key, $0); next }
                FILENAME == ARGV[3] { put(B, key, $0); next }
                { put(H, key, $0) }
                END {
                    for (key in keys) {
                        wanted = (key in W) ? W[key] : ""; base = (key in B) ? B[key] : ""; held = (key in H) ? H[key] : ""
                        if (wanted == held || wanted == base) continue
                        if (wanted == "" && held != base) continue  # gone at the source, changed here since: kept
                        end_set()
                        command("update delete " key)
                        if (wanted == "") continue
                        n = split(wanted, lines, "\n")
                        for (i = 1; i <= n; i++) command("update add " lines[i])
                    }
                    flush()
                }' "$work/keys" <(pick "$2") <(pick "$3") <(pick "$4")
        }

        # pick FILE: the lines of FILE whose owner is in $work/owners (all of them when it is empty).
        pick() {
            if [ -s "$work/owners" ]; then LC_ALL=C grep -F -f "$work/owners" "$1" || true; else cat "$1"; fi
        }

        # apply KIND ZONE WANTED FIRST: merge WANTED into this node's named and keep it as the next base.
        apply() {
            local kind="$1" zone="$2" wanted="$3" first="$4" base="$state/$1/$2"
            records 127.0.0.1 "$zone" >"$work/held" || { log "$zone: cannot transfer it from this node's named"; return 1; }
            local base_file="$base"
            [ -f "$base" ] || { : >"$work/base"; base_file="$work/base"; }
            merge "$zone" "$wanted" "$base_file" "$work/held" "$first" >"$work/batch"
            if [ -s "$work/batch" ]; then
                nsupdate -k "$session_key" "$work/batch" || { log "$zone: named refused the $kind update"; return 1; }
                log "$zone: $(grep -c '^update add' "$work/batch") records added, $(grep -c '^update delete' "$work/batch") sets replaced or removed ($kind)"
            fi
            mkdir -p "$state/$kind"
            cp "$wanted" "$base.new" && mv "$base.new" "$base"
        }

        work="$(mktemp -d)"
        trap 'rm -rf "$work"' EXIT
        status=0
        case "${1:-}" in
        seed)
            [ -d "$zone_folder" ] || install -d -m 0770 -g "$group" "$zone_folder"
            for zone in $zones; do
                [ -e "$zone_folder/$zone.zone" ] && continue
                install -m 0644 "$seed_folder/$zone.zone" "$zone_folder/$zone.zone"
                log "$zone: seeded $zone_folder/$zone.zone"
            done
            ;;
        static)
            for zone in $zones; do
                awk -v zone="$zone" '$1 == zone { print $2, $3, $4, $5 }' "$static_records" | LC_ALL=C sort -u >"$work/wanted"
                apply static "$zone" "$work/wanted" 0 || status=1
            done
            ;;
        mirror)
            for zone in $zones; do
                if ! records "$peer" "$zone" >"$work/wanted"; then
                    log "$zone: the peer $peer does not answer a transfer; nothing taken over"
                    status=1
                    continue
                fi
                first=0
                [ -f "$state/mirror/$zone" ] || first=1
                apply mirror "$zone" "$work/wanted" "$first" || status=1
            done
            ;;
        merge)
            # A dry run of the three-way merge on record files (sorted "owner ttl type data" lines):
            # prints the nsupdate batch; bench/dns-sync.sh times it.
            [ $# -eq 6 ] || { echo "usage: dns-sync merge ZONE WANTED BASE HELD FIRST" >&2; exit 2; }
            merge "$2" "$3" "$4" "$5" "$6"
            ;;
        *)
            echo "usage: dns-sync seed|static|mirror (or merge ZONE WANTED BASE HELD FIRST)" >&2
            exit 2
            ;;
        esac
        exit $status

        """#
}
