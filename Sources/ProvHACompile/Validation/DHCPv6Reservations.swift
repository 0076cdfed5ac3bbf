/// Endpoints' DHCPv6 reservations, each in the one subnet that holds its address (or, for a
/// prefix alone, the subnet whose pd-pool holds the prefix). NMS Prime includes every
/// reservation in every IPv6 subnet, which Kea refuses as soon as a plant has two subnets with
/// address reservations; here a reservation no subnet holds is reported and left out.
extension Validator {
    func placeReservations6(in networks: [KeaDHCP6Server.SharedNetwork]) -> [KeaDHCP6Server.SharedNetwork] {
        let subnets = networks.flatMap(\.subnets)
        let byNetwork = subnets.map { ($0.network, $0) }.sorted { $0.0.first < $1.0.first }
        let byDelegation = subnets.flatMap { subnet in subnet.delegations.map { ($0.prefix, subnet) } }.sorted { $0.0.first < $1.0.first }
        var placed: [Int: [IPv6Reservation]] = [:]
        var addresses: [IPv6Address: Int] = [:]
        var prefixes: [IPv6Network: Int] = [:]
        var identifiers: [String: Int] = [:]  // "subnet id/mac"
        for reservation in snapshot.reservations6.sorted(by: { $0.id < $1.id }) {
            let location = snapshot.location("endpoint", reservation.id)
            guard let mac = reservation.mac else {
                warning("the endpoint has an IPv6 reservation but no MAC: Kea reserves by hw-address, so it is not reserved", location)
                continue
            }
            var subnet: KeaDHCP6Server.Subnet?
            if let address = reservation.address {
                subnet = Self.subnet(holding: IPv6Network(address: address, prefixLength: 128), in: byNetwork)
                if subnet == nil {
                    warning("the reserved IPv6 address \(address) lies in no served IPv6 subnet: it is not reserved", location)
                    continue
                }
            }
            if let prefix = reservation.prefix {
                if !prefix.isNetworkAddress {
                    error("the reserved prefix \(prefix) has host bits set; did you mean \(prefix.normalized)?", location)
                    continue
                }
                subnet = subnet ?? Self.subnet(holding: prefix, in: byDelegation)
                if subnet == nil {
                    warning("the reserved prefix \(prefix) lies in no pd-pool of a served IPv6 subnet: it is not reserved", location)
                    continue
                }
            }
            guard let subnet else { continue }
            if let address = reservation.address, let other = addresses[address] {
                error(
                    "the IPv6 address \(address) is also reserved for endpoint id \(other)", location,
                    notes: [.note("reserved here first", at: snapshot.location("endpoint", other))])
                continue
            }
            if let prefix = reservation.prefix, let other = prefixes[prefix] {
                error(
                    "the prefix \(prefix) is also reserved for endpoint id \(other)", location,
                    notes: [.note("reserved here first", at: snapshot.location("endpoint", other))])
                continue
            }
            let identifier = "\(subnet.id)/\(mac)"
            if let other = identifiers[identifier] {
                error(
                    "MAC \(mac) has a second IPv6 reservation in subnet \(subnet.network) (endpoint id \(other) has the first): Kea refuses two reservations of one hw-address in a subnet",
                    location, notes: [.note("the first reservation", at: snapshot.location("endpoint", other))])
                continue
            }
            identifiers[identifier] = reservation.id
            if let address = reservation.address { addresses[address] = reservation.id }
            if let prefix = reservation.prefix { prefixes[prefix] = reservation.id }
            placed[subnet.id, default: []].append(reservation)
        }
        if let first = placed.values.flatMap({ $0 }).map(\.id).min() {
            note(
                "each IPv6 reservation is written into the one subnet that holds its address or prefix (NMS Prime's hosts6.conf is included in every subnet, which Kea refuses with two subnets)",
                snapshot.location("endpoint", first))
        }
        return networks.map { network in
            KeaDHCP6Server.SharedNetwork(
                cmtsID: network.cmtsID, name: network.name,
                subnets: network.subnets.map { subnet in
                    KeaDHCP6Server.Subnet(
                        id: subnet.id, network: subnet.network, ranges: subnet.ranges, delegations: subnet.delegations, relays: subnet.relays,
                        dnsServers: subnet.dnsServers, reservations: placed[subnet.id] ?? [], extraMembers: subnet.extraMembers)
                })
        }
    }

    /// The subnet whose network (subnets or pd-pool prefixes, sorted by first address; they do
    /// not overlap: `checkOverlaps6`) holds `wanted`, by binary search.
    private static func subnet(
        holding wanted: IPv6Network, in sorted: [(IPv6Network, KeaDHCP6Server.Subnet)]
    ) -> KeaDHCP6Server.Subnet? {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].0.first <= wanted.first { low = middle + 1 } else { high = middle }
        }
        guard low > 0, sorted[low - 1].0.contains(wanted) else { return nil }
        return sorted[low - 1].1
    }
}
