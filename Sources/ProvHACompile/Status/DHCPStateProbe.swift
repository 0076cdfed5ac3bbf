import Foundation

/// Asks one node's DHCP server for its state in the pair, the way its backend knows
/// (`DHCPServerBackend.askState`: dhcpd over OMAPI, Kea over its HA listener).
struct DHCPStateProbe {
    let model: ClusterModel
    /// Seconds one question may take.
    var timeout = 5

    /// What a node's DHCP server said of its state.
    enum Reply: Equatable {
        /// The state's name (`normal`, `partner-down`, `load-balancing`, …) and, for dhcpd, its
        /// number (the performance data's value; Kea's states get theirs from `keaStateNumbers`).
        case state(name: String, number: Int)
        /// Nothing answered (or not within the timeout).
        case unreachable(String)
        /// It answered but refused the question (OMAPI: the key).
        case refused(String)
        /// The probe itself could not run (no omshell).
        case cannotAsk(String)
    }

    /// `server`'s answer on `role` (one of `model.dhcpServers`).
    func ask(_ role: NodeRole, server: any DHCPServerBackend) -> Reply { server.askState(self, at: model.node(role).address) }
}
