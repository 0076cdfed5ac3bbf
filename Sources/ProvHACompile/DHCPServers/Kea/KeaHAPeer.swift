/// What Kea's DHCPv4 and DHCPv6 servers share: the HA hook's settings, the roles it gives the
/// nodes, which node answers a client, and the hook libraries as each node's file loads them.
protocol KeaHAPeer: DHCPServerBackend {
    var mode: KeaDHCPServer.Mode { get }
    /// The folder of `libdhcp_lease_cmds.so` and `libdhcp_ha.so`.
    var hooksDirectory: String { get }
    /// The HA hook's dedicated HTTP listener, where each peer sends lease updates and heartbeats.
    var haPort: Int { get }
    /// Milliseconds: the heartbeat, the peer counted unreachable, a client waiting unanswered.
    var heartbeatDelay: Int { get }
    var maxResponseDelay: Int { get }
    var maxAckDelay: Int { get }
}

extension KeaHAPeer {
    /// The role the HA hook gives `node`: `primary`, `secondary` or `standby`.
    func role(of node: NodeRole) -> String {
        switch mode {
        case .loadBalancing: return node == .master ? "primary" : "secondary"
        case let .hotStandby(primary): return node == primary ? "primary" : "standby"
        }
    }

    /// The hook's `mode`.
    var modeName: String { mode == .loadBalancing ? "load-balancing" : "hot-standby" }

    /// Load-balancing gives the primary (the master) the even buckets (`hash % 2`,
    /// query_filter.cc); hot-standby sends everything to the primary.
    func answeringNode(bucket: Int, failover: FailoverSettings) -> NodeRole {
        switch mode {
        case .loadBalancing: return bucket % 2 == 0 ? .master : .slave
        case let .hotStandby(primary): return primary
        }
    }

    func peerPort(_ model: ClusterModel, of role: NodeRole) -> Int { haPort }

    /// `hooks-libraries` of `node`'s file: lease_cmds (the peer's lease updates arrive through
    /// it), then the HA hook with this node's name, both peers by IPv4 literal, HA
    /// multi-threading with its own listener.
    func hooksLibraries(_ node: NodeContext) -> JSON {
        let model = node.model
        var ha: [(String, JSON)] = [
            ("this-server-name", .string(node.own.hostname)),
            ("mode", .string(modeName)),
            ("heartbeat-delay", .int(heartbeatDelay)),
            ("max-response-delay", .int(maxResponseDelay)),
            ("max-ack-delay", .int(maxAckDelay)),
            ("max-unacked-clients", .int(10)),
        ]
        if mode == .loadBalancing {
            ha.append(("delayed-updates-limit", .int(100)))
        }
        ha += [
            ("sync-timeout", .int(60_000)),
            (
                "multi-threading",
                .object([
                    ("enable-multi-threading", .bool(true)), ("http-dedicated-listener", .bool(true)), ("http-listener-threads", .int(0)),
                    ("http-client-threads", .int(0)),
                ])
            ),
            (
                "peers",
                .array(
                    [model.master, model.slave].map { peer in
                        .object([
                            ("name", .string(peer.hostname)), ("url", .string("http://\(peer.address):\(haPort)/")),
                            ("role", .string(role(of: peer.role))), ("auto-failover", .bool(true)),
                        ])
                    })
            ),
        ]
        return .array([
            .object([("library", .string("\(hooksDirectory)/libdhcp_lease_cmds.so"))]),
            .object([
                ("library", .string("\(hooksDirectory)/libdhcp_ha.so")),
                ("parameters", .object([("high-availability", .array([.object(ha)]))])),
            ]),
        ])
    }
}
