/// `dhcpd.conf`: the top-level file. It includes `failover.conf` right after `deny bootp`,
/// declares the PacketCable and TR-069 option spaces and includes the other files by absolute
/// path.
struct DHCPDConfEmitter: NodeEmitter {
    /// The files included after `global.conf`, in NMS Prime's order.
    static let includes = [
        "default-network.conf", "modems-host.conf", "mtas-host.conf", "modems-clients-public.conf",
        "endpoints-host.conf", LogConfEmitter.fileName, "cmts_gws.conf",
        ClientClassesEmitter.ignoreFileName, "blocked.conf",
    ]

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        var text = node.header()
        text += """
            authoritative;
            deny bootp;

            include "\(DHCPPaths.file("failover.conf"))";

            ping-check true;
            update-conflict-detection false;
            omapi-port \(model.failover.omapiPort);

            """
        if model.omapiKey != nil {
            text += "include \"\(DHCPPaths.file(OMAPIKeyEmitter.fileName))\";\n"
        }
        if model.ddnsKey != nil {
            text += "include \"\(DHCPPaths.file(DDNSKeyEmitter.fileName))\";\n"
        }
        text += """

            # PacketCable (CableLabs client configuration, option 122)
            option space ccc;
            option ccc.dhcp-server-1 code 1 = ip-address;
            option ccc.SecondaryDHCPServer code 2 = ip-address;
            option ccc.provision-server code 3 = {unsigned integer 8, string};
            option ccc.realm code 6 = string;
            option ccc-encapsulation code 122 = encapsulate ccc;

            # TR-069 ACS (CPE WAN management), as NMS Prime declares it: operators use it in ippool.optional
            option space ACS;
            option ACS.acs_URL code 1 = text;
            option ACS.acs_PROVCODE code 2 = text;

            include "\(DHCPPaths.file("global.conf"))";

            ddns-updates off;
            ddns-update-style \(model.ddnsKey == nil ? "none" : "interim");
            update-optimization off;
            update-static-leases on;


            """
        for name in Self.includes {
            text += "include \"\(DHCPPaths.file(name))\";\n"
        }
        var files = [node.file(DHCPPaths.file("dhcpd.conf"), reload: .dhcpd, contents: text)]
        if let key = model.ddnsKey {
            files.append(DDNSKeyEmitter.file(key, for: node))
        }
        if let key = model.omapiKey {
            files.append(OMAPIKeyEmitter.file(key, for: node))
        }
        return files
    }
}

/// The DDNS key file dhcpd includes: the secret lives only here, readable by owner and dhcpd's
/// group. The closing `};` makes it a key file nsupdate reads too (the CPE name updates).
enum DDNSKeyEmitter {
    public static let fileName = "ddns-key.conf"

    static func file(_ key: TSIGKey, for node: NodeContext) -> GeneratedFile {
        let text =
            node.header() + """
                key \(key.name) {
                \talgorithm \(key.algorithm);
                \tsecret "\(key.secret)";
                };

                """
        return node.file(
            DHCPPaths.file(fileName), reload: .dhcpd, contents: text, mode: 0o640,
            group: node.model.dhcpGroup)
    }
}

/// The OMAPI key dhcpd demands of every OMAPI client (omshell, NMS Prime, the peer's tools),
/// as NMS Prime's failover.conf declares it; readable by owner and group only.
enum OMAPIKeyEmitter {
    public static let fileName = "omapi-key.conf"

    static func file(_ key: TSIGKey, for node: NodeContext) -> GeneratedFile {
        let text =
            node.header() + """
                key \(key.name) {
                \talgorithm \(key.algorithm);
                \tsecret "\(key.secret)";
                }
                omapi-key \(key.name);

                """
        return node.file(DHCPPaths.file(fileName), reload: .dhcpd, contents: text, mode: 0o640)
    }
}

/// `failover.conf`: the peer declaration; primary with mclt and split on the master,
/// secondary without them on the slave. The master listens on `port`, the slave on
/// `peer_port`, so both files describe the same pair of sockets.
struct FailoverConfEmitter: NodeEmitter {
    init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        let policy = node.model.failover
        let isPrimary = node.role == .master
        var text = node.header()
        text += """
            failover peer "\(policy.name)" {
            \t\(isPrimary ? "primary" : "secondary");
            \taddress \(node.own.address);
            \tport \(policy.port(of: node.role));
            \tpeer address \(node.peer.address);
            \tpeer port \(policy.port(of: node.role.peer));
            \tmax-response-delay \(policy.maxResponseDelay);
            \tmax-unacked-updates \(policy.maxUnackedUpdates);
            \tload balance max seconds \(policy.loadBalanceMaxSeconds);

            """
        if isPrimary {
            text += "\tmclt \(policy.mclt);\n"
            text += "\tsplit \(policy.split);\n"
        }
        text += "}\n"
        return [node.file(DHCPPaths.file("failover.conf"), reload: .dhcpd, contents: text)]
    }
}

/// `default-network.conf`: the servers' own networks with `deny booting`, so that dhcpd
/// has a subnet for the interface it listens on.
struct DefaultNetworkEmitter: NodeEmitter {
    init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        var text = node.header()
        text += "shared-network ETHERNET\n{\n"
        for network in node.model.serverNetworks {
            text += "\tsubnet \(network.first) netmask \(network.netmask)\n\t{\n\t\tdeny booting;\n\t}\n"
        }
        text += "}\n"
        return [node.file(DHCPPaths.file("default-network.conf"), reload: .dhcpd, contents: text)]
    }
}
