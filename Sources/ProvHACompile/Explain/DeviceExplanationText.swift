extension DeviceExplanation {
    /// What `explain` prints: who the device is, its class or why it gets nothing, which node
    /// answers it, the pools that can serve it and what each node hands out.
    public func text(in model: ClusterModel) -> String {
        var lines = ["\(name), MAC \(mac)"]
        guard refusal == nil, let dhcpClass else {
            lines.append("  gets nothing: \(refusal ?? "no class admits it")")
            return lines.joined(separator: "\n") + "\n"
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
        return lines.joined(separator: "\n") + "\n"
    }

    private var name: String {
        switch identity {
        case let .modem(modem): return "cable modem \(modem.hostname) (modem id \(modem.id))"
        case let .mta(mta): return "MTA \(mta.hostname) (mta id \(mta.id))"
        case let .fixedEndpoint(endpoint): return "endpoint \(endpoint.hostname) with a fixed IP (endpoint id \(endpoint.id))"
        case let .plainEndpoint(endpoint): return "endpoint \(endpoint.hostname) (endpoint id \(endpoint.id))"
        case .customerDevice: return "customer device"
        }
    }
}
