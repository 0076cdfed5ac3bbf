extension DeviceExplanation {
    /// What `explain` prints: who the device is, its class or why it gets nothing, which node
    /// answers it, the pools that can serve it and what each node hands out.
    public func text(in model: ClusterModel) -> String {
        var lines = ["\(name), MAC \(mac)"]
        guard refusal == nil, let dhcpClass else {
            lines.append("  gets nothing: \(refusal ?? "no class admits it")")
            return (lines + dhcp6Lines(model)).joined(separator: "\n") + "\n"
        }
        lines.append("  class: \(dhcpClass)")
        if let fixedAddress {
            lines.append("  answered by: both nodes, with its fixed address \(fixedAddress) (a host's fixed address is outside failover)")
        } else {
            let why = model.dhcp.whyAnswers(answeringNode, bucket: bucket, failover: model.failover)
            lines.append("  answered by: the \(answeringNode.rawValue) " + why)
            lines.append("  pools (the CMTS that relays it picks its own):")
            for candidate in candidates {
                let ranges = candidate.pool.ranges.map { "\($0.first)-\($0.last)" }.joined(separator: ", ")
                lines.append(
                    "    \(candidate.cmts): ippool id \(candidate.pool.id) (\(candidate.pool.type.rawValue)) \(candidate.pool.network.first)/\(candidate.pool.network.prefixLength): \(ranges)"
                )
            }
        }
        for role in NodeRole.allCases {
            let handed = (options[role] ?? []).map { "\($0.name) \($0.value)" }.joined(separator: "; ")
            lines.append("  the \(role.rawValue) hands out: \(handed)")
        }
        return (lines + dhcp6Lines(model)).joined(separator: "\n") + "\n"
    }

    /// What Kea DHCPv6 does with the device: its reservation and the subnet that holds it, and
    /// which node answers (by the DUID, which only the device knows, in load-balancing).
    private func dhcp6Lines(_ model: ClusterModel) -> [String] {
        guard let kea = model.dhcp6 else { return [] }
        var lines: [String] = []
        if let found = kea.reservation(of: mac) {
            let what = [found.reservation.address.map { "address \($0)" }, found.reservation.prefix.map { "prefix \($0)" }].compactMap { $0 }
            lines.append(
                "  DHCPv6: reserved \(what.joined(separator: " and ")) (endpoint id \(found.reservation.id)) in subnet \(found.subnet.network) of \(found.network.name) (\(KeaPaths.gateway6(found.network.cmtsID)))"
            )
        } else {
            lines.append("  DHCPv6: no reservation; an address or prefix from the IPv6 pools of the CMTS that relays it")
        }
        switch kea.mode {
        case let .hotStandby(primary):
            lines.append("  DHCPv6 answered by: the \(primary.rawValue) " + kea.whyAnswers(primary, bucket: 0, failover: model.failover))
        case .loadBalancing:
            lines.append(
                "  DHCPv6 answered by: the node whose half the hash of the device's DUID falls in (the DUID is the device's own; the MAC does not decide)"
            )
        }
        return lines
    }

    private var name: String {
        switch identity {
        case let .modem(modem): return "cable modem \(modem.hostname) (modem id \(modem.id))"
        case let .mta(mta): return "MTA \(mta.hostname) (mta id \(mta.id))"
        case let .fixedEndpoint(endpoint): return "endpoint \(endpoint.hostname) with a fixed IP (endpoint id \(endpoint.id))"
        case let .plainEndpoint(endpoint): return "endpoint \(endpoint.hostname) (endpoint id \(endpoint.id))"
        case let .ipv6Endpoint(reservation): return "endpoint \(reservation.hostname) with an IPv6 reservation (endpoint id \(reservation.id))"
        case .customerDevice: return "customer device"
        }
    }
}
