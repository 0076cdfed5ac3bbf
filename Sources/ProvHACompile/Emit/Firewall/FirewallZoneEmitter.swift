/// A firewalld zone (`/etc/firewalld/zones/nmsprime-provha.xml`) whose source is the peer: it
/// opens on each node exactly what the peer must reach there. Both nodes: the node's own
/// failover port, OMAPI, and DNS (notify and zone transfer). The master also: syslog from the
/// slave and SSH for the slave's sshfs mount of the cacti files.
public struct FirewallZoneEmitter: NodeEmitter {
    static let path = "/etc/firewalld/zones/nmsprime-provha.xml"

    public init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        let failover = model.config.failover
        let ownFailoverPort = node.role == .master ? failover.port.value : failover.peerPort.value
        var ports: [(protocol: String, port: Int, purpose: String)] = [
            ("tcp", ownFailoverPort, "dhcpd failover"),
            ("tcp", failover.omapiPort.value, "dhcpd OMAPI"),
            ("tcp", 53, "DNS zone transfer"),
            ("udp", 53, "DNS notify"),
        ]
        if node.role == .master {
            ports.append(("tcp", model.config.syslog.port.value, "rsyslog from the slave"))
            ports.append(("tcp", 22, "sshfs mount of the cacti rra folder"))
        }
        var text = model.generatedHeader(comment: "<!--", closing: " -->")
        text += """
            <zone>
              <short>nmsprime-provha</short>
              <description>What the ProvHA peer \(node.peer.hostname.value) may reach on \(node.own.hostname.value).</description>
              <source address="\(node.peer.address.value)/32"/>

            """
        for entry in ports {
            text += "  <port protocol=\"\(entry.protocol)\" port=\"\(entry.port)\"/><!-- \(entry.purpose) -->\n"
        }
        text += "</zone>\n"
        return [GeneratedFile(path: node.path(Self.path), contents: text)]
    }
}
