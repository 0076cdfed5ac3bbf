/// `log.conf`, as NMS Prime's: for a device behind a modem (the relay's remote-id is not its own
/// MAC) dhcpd logs the lines NMS Prime's CPE analysis reads (`DHCPDISCOVER received of CPE … of
/// Modem …`, `CPE … of Modem … is now ONLINE with IP …`, the same for MTAs), and — with a DDNS
/// key — starts `cpe-ddns` when a CPE's lease is committed, released or expires, which publishes
/// or removes the CPE's name in this node's named (the peer's `dns-sync mirror` takes it over).
/// The lease keeps the CPE's MACs and address as binding variables, so the removal finds them
/// without a packet.
struct LogConfEmitter: NodeEmitter {
    static let fileName = "log.conf"
    static let script = "\(SystemdPaths.helpers)/cpe-ddns"
    /// NMS Prime's key for the CPE names (hex); the master's sync copies it to the slave.
    static let nameKey = MasterSyncEmitter.cpeDNSKey

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let publishes = node.model.ddnsKey != nil
        var text =
            node.header() + """
                # A device behind a modem: the relay's remote-id (the modem's MAC) is not its own MAC.
                if ((exists agent.remote-id) and (not (binary-to-ascii(16, 8, ":", substring(hardware, 1, 6)) = binary-to-ascii(16, 8, ":", option agent.remote-id)))) {
                \tset cm_mac = \(Self.paddedMAC("option agent.remote-id", from: 0));
                \tset hw_mac = \(Self.paddedMAC("hardware", from: 1));
                \tif (binary-to-ascii(10, 8, ".", option dhcp-message-type) = "1") {
                \t\tif (substring(option vendor-class-identifier, 0, 4) = "pktc") {
                \t\t\tlog(info, concat("DHCPDISCOVER received of MTA ", hw_mac, " of Modem ", cm_mac));
                \t\t} else {
                \t\t\tlog(info, concat("DHCPDISCOVER received of CPE ", hw_mac, " of Modem ", cm_mac));
                \t\t}
                \t}
                \ton commit {
                \t\tset ip = binary-to-ascii(10, 8, ".", leased-address);
                \t\tif (substring(option vendor-class-identifier, 0, 4) = "pktc") {
                \t\t\tlog(info, concat("MTA ", hw_mac, " of Modem ", cm_mac, " is now ONLINE with IP ", ip));
                \t\t} else {
                \t\t\tlog(info, concat("CPE ", hw_mac, " of Modem ", cm_mac, " is now ONLINE with IP ", ip));

                """
        if publishes {
            text += """
                \t\t\tset cpe_hw_mac = hw_mac;
                \t\t\tset cpe_cm_mac = cm_mac;
                \t\t\tset cpe_ip = ip;
                \t\t\texecute("\(Self.script)", cpe_hw_mac, cpe_cm_mac, cpe_ip, "0");

                """
        }
        text += "\t\t}\n\t}\n"
        if publishes {
            text += """
                \ton release or expiry {
                \t\tif (defined(cpe_ip)) {
                \t\t\texecute("\(Self.script)", cpe_hw_mac, cpe_cm_mac, cpe_ip, "1");
                \t\t}
                \t}

                """
        }
        text += "}\n"
        var files = [node.file(DHCPPaths.file(Self.fileName), reload: .dhcpd, contents: text)]
        if publishes {
            files.append(node.file(Self.script, reload: .none, contents: Self.scriptText(node), mode: 0o755))
        }
        return files
    }

    /// `aa:bb:cc:dd:ee:ff` of six bytes of `data` from `offset`, each byte two hex digits (as
    /// NMS Prime writes MACs; `binary-to-ascii` alone drops leading zeros).
    static func paddedMAC(_ data: String, from offset: Int) -> String {
        let bytes = (offset..<offset + 6).map { "suffix(concat(\"0\", binary-to-ascii(16, 8, \"\", substring(\(data), \($0), 1))), 2)" }
        return "concat(" + bytes.joined(separator: ", \":\", ") + ")"
    }

    static func scriptText(_ node: NodeContext) -> String {
        let model = node.model
        return "#!/bin/bash\n" + node.header() + """
            # cpe-ddns HW-MAC CM-MAC IP 0|1: publishes (0) or removes (1) a CPE's name in this node's
            # named, as NMS Prime's named-ddns.sh does: <name>.cpe.<domain>, <name> the first six base32
            # characters of HMAC-SHA256(CPE MAC, modem MAC) keyed with NMS Prime's CPE name key, which the
            # master's sync copies to the slave, so that both nodes name a CPE alike. Private and shared
            # addresses (RFC 1918, RFC 6598) get no name. dhcpd starts it from log.conf and waits for it.
            set -uo pipefail

            domain="\(model.domain.lowercased())"
            ttl="\(model.dns.ttl)"
            ddns_key="\(DHCPPaths.file(DDNSKeyEmitter.fileName))"
            name_key="\(Self.nameKey)"


            """ + scriptBody
    }

    /// The code of `cpe-ddns`, the same on every node and cluster.
    static let scriptBody = #"""
        log() { logger -t nmsprime-provha-cpe-ddns -- "$*" 2>/dev/null || echo "cpe-ddns: $*" >&2; }

        mac='^([0-9a-f]{2}:){5}[0-9a-f]{2}$'
        address='^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$'
        if [ $# -ne 4 ] || ! [[ $1 =~ $mac && $2 =~ $mac && $4 =~ ^[01]$ ]] || ! [[ $3 =~ $address ]]; then
            log "usage: cpe-ddns HW-MAC CM-MAC IP 0|1 (got: $*)"
            exit 2
        fi
        a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]} c=${BASH_REMATCH[3]} d=${BASH_REMATCH[4]}
        if (( a > 255 || b > 255 || c > 255 || d > 255 )); then
            log "not an address: $3"
            exit 2
        fi
        if (( a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127) )); then
            exit 0
        fi
        hexkey="$(tr -cd '[:xdigit:]' <"$name_key" 2>/dev/null)"
        if [ -z "$hexkey" ]; then
            log "no CPE name key in $name_key: CPE $1 at $3 gets no name"
            exit 0
        fi
        name="$(printf '%s%s' "$1" "$2" | tr -cd '[:xdigit:]' | xxd -r -p |
            openssl dgst -sha256 -mac hmac -macopt "hexkey:$hexkey" -binary | base32 | cut -c1-6 | tr 'A-Z' 'a-z')"
        fqdn="$name.cpe.$domain."
        reverse="$d.$c.$b.$a.in-addr.arpa."
        if [ "$4" = 0 ]; then
            batch="server 127.0.0.1
        update delete $fqdn A
        update add $fqdn $ttl A $3
        send
        update delete $reverse PTR
        update add $reverse $ttl PTR $fqdn
        send
        "
        else
            batch="server 127.0.0.1
        update delete $fqdn A $3
        send
        update delete $reverse PTR $fqdn
        send
        "
        fi
        if ! printf '%s' "$batch" | timeout 10 nsupdate -k "$ddns_key"; then
            log "named refused or did not answer the update of $fqdn ($3)"
            exit 1
        fi

        """#
}
