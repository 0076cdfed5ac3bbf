import Foundation

/// `global.conf`: settings handed to every device, each server list own address first and
/// the peer second; the DDNS zones; and the device classes (CM, MTA, STB, Client,
/// Client-Public, blocked).
struct GlobalConfEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        let servers = node.serverAddresses.dhcpList
        var text = node.header()
        text += """
            ddns-domainname "\(model.domain).";
            option domain-name "\(model.domain)";
            option domain-name-servers \(servers);
            default-lease-time \(model.defaultLeaseTime);
            max-lease-time \(model.maxLeaseTime);
            next-server \(node.own.address);
            option vivso \(Self.vivsoTFTPServers(node.serverAddresses));
            option log-servers \(servers);
            option time-servers \(servers);
            option time-offset \(model.timeOffset);


            """
        if let key = model.ddnsKey {
            for zone in DNSZone.all(of: model) {
                text += "zone \(zone.name). { primary 127.0.0.1; key \(key.name); }\n"
            }
            text += "\n"
        }
        text += classes(node)
        return [node.file(DHCPPaths.file("global.conf"), reload: .dhcpd, contents: text)]
    }

    private func classes(_ node: NodeContext) -> String {
        let model = node.model
        let ddns = model.ddnsKey == nil ? "" : "\tddns-updates on;\n"
        let spawn = "spawn with binary-to-ascii(16, 8, \":\", substring(option agent.remote-id, 0, 6));"
        let notDevice =
            "match if ("
            + (["docsis", "pktc"] + model.stbVendorClasses.map(\.description))
            .map { "(\(Self.prefixMatch($0, equal: false)))" }.joined(separator: " and ") + ");"
        var text = """
            class "CM" {
            \tmatch if (\(Self.prefixMatch("docsis")));
            \toption ccc.dhcp-server-1 0.0.0.0;
            \(ddns)}

            class "MTA" {
            \tmatch if (\(Self.prefixMatch("pktc")));
            \toption ccc.provision-server 0 "\(Self.encodedFQDN(node.own.hostname + "." + model.domain))";
            \toption ccc.realm "\\005BASIC\\0011\\000";
            \(ddns)}


            """
        if !model.stbVendorClasses.isEmpty {
            // NMS Prime joins the alternatives with `and`, which can never match two prefixes.
            let any = model.stbVendorClasses.map { "(\(Self.prefixMatch($0.description)))" }.joined(separator: " or ")
            text += "class \"STB\" {\n\tmatch if (\(any));\n\t\(spawn)\n\tlease limit \(model.maxCPE);\n}\n\n"
        }
        text += """
            class "Client" {
            \t\(notDevice)
            \t\(spawn)
            \tlease limit \(model.maxCPE);
            }

            class "Client-Public" {
            \t\(notDevice)
            \tmatch pick-first-value (option agent.remote-id);
            \tlease limit \(model.maxCPE);
            }

            class "blocked" {
            \t\(notDevice)
            \tmatch pick-first-value (option agent.remote-id);
            \tdeny booting;
            }

            """
        return text
    }

    /// `substring(option vendor-class-identifier, 0, N) = "PREFIX"` (or `!=`).
    static func prefixMatch(_ prefix: String, equal: Bool = true) -> String {
        "substring(option vendor-class-identifier, 0, \(prefix.utf8.count)) \(equal ? "=" : "!=") \"\(prefix)\""
    }

    /// CableLabs vendor-identifying option (enterprise 4491), sub-option 2: the TFTP servers.
    static func vivsoTFTPServers(_ servers: [IPv4Address]) -> String {
        let payload = servers.flatMap(\.octets)
        let bytes: [UInt8] = [0x00, 0x00, 0x11, 0x8b, UInt8(payload.count + 2), 0x02, UInt8(payload.count)] + payload
        return bytes.map(HexDigits.octet).joined(separator: ":")
    }

    /// RFC 1035 name encoding in dhcpd string syntax: `\007nmslx01\010nmsprime\004test\000`.
    static func encodedFQDN(_ fqdn: String) -> String {
        fqdn.split(separator: ".").map { label in
            let octal = String(label.utf8.count, radix: 8)
            return "\\" + String(repeating: "0", count: 3 - octal.count) + octal + label
        }.joined() + "\\000"
    }
}
