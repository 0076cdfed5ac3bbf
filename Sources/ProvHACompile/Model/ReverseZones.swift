/// The reverse DNS zones that cover the pools' networks, cut on octet boundaries (a /20 falls
/// in its /16 zone), deduplicated, and without zones that a wider zone already covers.
enum ReverseZones {
    /// Zone networks (prefix 8, 16 or 24), sorted by address.
    static func networks(covering networks: [IPv4Network]) -> [IPv4Network] {
        let rounded = Set(
            networks.map { network -> IPv4Network in
                let prefix = max(8, min(24, network.prefixLength / 8 * 8))
                return IPv4Network(address: IPv4Address(network.address.value & IPv4Network.mask(forPrefix: prefix)), prefixLength: prefix)
            })
        // Sorted by first address, widest first: a zone inside the last kept one is covered.
        let sorted = rounded.sorted { ($0.first, $0.prefixLength) < ($1.first, $1.prefixLength) }
        var kept: [IPv4Network] = []
        for network in sorted {
            if let last = kept.last, last.contains(network.first) { continue }
            kept.append(network)
        }
        return kept
    }

    /// `16.0.10.in-addr.arpa` for 10.0.16.0/24.
    static func name(of network: IPv4Network) -> String {
        let octets = network.first.octets.prefix(network.prefixLength / 8)
        return octets.reversed().map(String.init).joined(separator: ".") + ".in-addr.arpa"
    }
}
