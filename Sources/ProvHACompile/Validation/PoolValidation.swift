/// A dynamic range and the pool it belongs to, for overlap and membership checks.
struct DynamicRange {
    let range: IPv4Range
    let pool: IPPool
}

extension Validator {
    /// Checks CMTS rows and each pool on its own, then groups pools into per-CMTS subnets,
    /// reporting networks shared between CMTSs or overlapping without being equal. Each pool is
    /// served with its final ranges (`cutFixedAddresses`) and its checked verbatim statements.
    func groupPools(ranges: [Int: [IPv4Range]], statements: [Int: DHCPDStatements]) -> [CMTSModel] {
        var cmtsByID: [Int: CMTS] = [:]
        var hostnames: [String: Int] = [:]
        for cmts in snapshot.cmtses.sorted(by: { $0.id < $1.id }) {
            let location = snapshot.location(cmts.table, cmts.id)
            if cmtsByID[cmts.id] != nil {
                error("duplicate CMTS id", location)
                continue
            }
            cmtsByID[cmts.id] = cmts
            if !DNSName.isValidLabel(cmts.hostname) {
                error(
                    "CMTS hostname \(DiagnosticText.quoted(cmts.hostname)) is not a DNS label (it names the shared-network and the CMTS snippet file)",
                    location)
            }
            if let other = hostnames[cmts.hostname.lowercased()] {
                error(
                    "CMTS hostname \(DiagnosticText.quoted(cmts.hostname)) is also used by cmts id \(other)", location,
                    notes: [.note("CMTS hostname \(DiagnosticText.quoted(cmts.hostname)) first used here", at: snapshot.location(cmts.table, other))])
            }
            hostnames[cmts.hostname.lowercased()] = cmts.id
        }
        for override in config.cmtsOverrides where hostnames[override.hostname.value.lowercased()] == nil {
            warning(
                "no CMTS named \(DiagnosticText.quoted(override.hostname.value)) in the snapshot; its settings are unused", override.hostname.location
            )
        }

        var poolsByCMTS: [Int: [IPPool]] = [:]
        for pool in snapshot.pools.sorted(by: { $0.id < $1.id }) {
            checkPool(pool)
            // Pools of missing CMTSs were left out before validation (`Validator.validate`).
            guard cmtsByID[pool.cmtsID] != nil else { continue }
            poolsByCMTS[pool.cmtsID, default: []].append(pool)
        }
        checkNetworkOverlaps()

        let overrides = Dictionary(config.cmtsOverrides.map { ($0.hostname.value.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        return cmtsByID.keys.sorted().compactMap { id in
            guard let cmts = cmtsByID[id] else { return nil }
            var subnets: [PoolSubnet] = []
            var indexByNetwork: [IPv4Network: Int] = [:]
            var members: [[IPPool]] = []
            for pool in poolsByCMTS[id] ?? [] {
                let network = pool.network.normalized
                if let index = indexByNetwork[network] {
                    let primary = members[index][0]
                    if primary.router != pool.router {
                        error(
                            "the pool shares network \(network) with ippool id \(primary.id) but names another router (\(pool.router), not \(primary.router))",
                            snapshot.location("ippool", pool.id))
                    }
                    if let broadcast = pool.broadcast, let first = primary.broadcast, broadcast != first {
                        error(
                            "the pool shares network \(network) with ippool id \(primary.id) but names another broadcast address (\(broadcast), not \(first))",
                            snapshot.location("ippool", pool.id))
                    }
                    members[index].append(pool)
                } else {
                    indexByNetwork[network] = members.count
                    members.append([pool])
                }
            }
            for group in members {
                let served = group.map { ServedPool(pool: $0, ranges: ranges[$0.id, default: [$0.range]], statements: statements[$0.id]) }
                subnets.append(PoolSubnet(network: group[0].network.normalized, pools: served))
            }
            subnets.sort { $0.network.first < $1.network.first }
            let override = overrides[cmts.hostname.lowercased()]
            return CMTSModel(
                cmts: cmts, subnets: subnets, vendor: vendor(of: cmts, override: override),
                relayInterface: override?.relayInterface.flatMap(checkedInterface))
        }
    }

    /// The vendor from the cluster file (an unknown name is an error there) or from the row's
    /// company (an unknown company gets a warning and the generic snippet).
    private func vendor(of cmts: CMTS, override: CMTSOverride?) -> CMTSVendor {
        if let name = override?.vendor {
            if let vendor = CMTSVendor(rawValue: name.value.lowercased()) { return vendor }
            var message =
                "unknown CMTS vendor \(DiagnosticText.quoted(name.value)); known are \(CMTSVendor.allCases.map(\.rawValue).joined(separator: ", "))"
            if let suggestion = Spelling.nearest(to: name.value, among: CMTSVendor.allCases.map(\.rawValue)) {
                message += "; did you mean \(DiagnosticText.quoted(suggestion))?"
            }
            error(message, name.location)
            return .generic
        }
        if let vendor = CMTSVendor(company: cmts.company.uncheckedValue) { return vendor }
        warning(
            "no CMTS syntax is known for company \(DiagnosticText.quoted(cmts.company)); its snippet is generic (set cmts.\(cmts.hostname).vendor to choose one)",
            snapshot.location(cmts.table, cmts.id))
        return .generic
    }

    private func checkedInterface(_ name: Located<String>) -> String? {
        let printable = name.value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "!") && $0 != UInt8(ascii: "#") }
        guard !name.value.isEmpty, name.value.utf8.count <= 64, printable else {
            error("relay_interface \(DiagnosticText.quoted(name.value)) must be 1 to 64 printable ASCII characters without '!' or '#'", name.location)
            return nil
        }
        return name.value
    }

    private func checkPool(_ pool: IPPool) {
        let location = snapshot.location("ippool", pool.id)
        let network = pool.network
        if !network.isNetworkAddress {
            error("net \(network.address) has host bits set for netmask \(network.netmask); the network is \(network.first)", location)
        }
        if network.prefixLength > 30 {
            error("network \(network.first)/\(network.prefixLength) is too small for a pool", location)
            return
        }
        let broadcast = pool.broadcast ?? network.last
        if !network.contains(pool.router) {
            error("router_ip \(pool.router) lies outside the pool's network \(network.first)/\(network.prefixLength)", location)
        } else if pool.router == network.first || pool.router == network.last {
            error("router_ip \(pool.router) is the network's \(pool.router == network.first ? "network" : "broadcast") address", location)
        }
        if let given = pool.broadcast {
            if !network.contains(given) {
                error("broadcast_ip \(given) lies outside the pool's network \(network.first)/\(network.prefixLength)", location)
            } else if given != network.last {
                warning("broadcast_ip \(given) is not the last address of \(network.first)/\(network.prefixLength) (\(network.last))", location)
            }
        }
        let range = pool.range
        if range.first > range.last {
            error("ip_pool_start \(range.first) comes after ip_pool_end \(range.last)", location)
            return
        }
        if !network.contains(range.first) || !network.contains(range.last) {
            error("range \(range.first) - \(range.last) is not inside the network \(network.first)/\(network.prefixLength)", location)
            return
        }
        for (address, what) in [(network.first, "network address"), (broadcast, "broadcast address"), (pool.router, "router_ip")]
        where range.contains(address) {
            error("range \(range.first) - \(range.last) covers the \(what) \(address)", location)
        }
        if pool.type == .stb, pool.vendorClassIdentifier == nil {
            error("an STB pool needs a vendor_class_identifier to tell its set-top boxes apart", location)
        }
        if pool.type == .stb, let identifier = pool.vendorClassIdentifier, case let .failure(problem) = DHCPDString.check(identifier) {
            error("vendor_class_identifier \(DiagnosticText.quoted(identifier)) \(problem): it is written into a dhcpd string", location)
        }
    }

    /// The checked `optional` statements of every pool that has some, by pool id; each
    /// problem is reported at its pool.
    func checkVerbatimStatements() -> [Int: DHCPDStatements] {
        var statements: [Int: DHCPDStatements] = [:]
        for pool in snapshot.pools where !pool.optional.isEmpty {
            switch DHCPDStatements.check(pool.optional) {
            case let .success(checked): statements[pool.id] = checked
            case let .failure(problem):
                error("optional: \(problem) (the text is pasted into the subnet of dhcpd.conf)", snapshot.location("ippool", pool.id))
            }
        }
        return statements
    }

    /// Networks of different CMTSs must not overlap; within a CMTS they are equal or disjoint.
    private func checkNetworkOverlaps() {
        let sorted = snapshot.pools.sorted { ($0.network.first, $0.id) < ($1.network.first, $1.id) }
        var widest: IPPool?
        for pool in sorted {
            defer {
                if widest.map({ pool.network.last > $0.network.last }) ?? true { widest = pool }
            }
            guard let other = widest, pool.network.first <= other.network.last else { continue }
            let same = other.network.first == pool.network.first && other.network.prefixLength == pool.network.prefixLength
            if other.cmtsID != pool.cmtsID {
                error(
                    "network \(pool.network.first)/\(pool.network.prefixLength) overlaps network \(other.network.first)/\(other.network.prefixLength) of ippool id \(other.id) on another CMTS (cmts id \(other.cmtsID))",
                    snapshot.location("ippool", pool.id), notes: [.note("the other network", at: snapshot.location("ippool", other.id))])
            } else if !same {
                error(
                    "network \(pool.network.first)/\(pool.network.prefixLength) overlaps network \(other.network.first)/\(other.network.prefixLength) of ippool id \(other.id) without being equal to it",
                    snapshot.location("ippool", pool.id), notes: [.note("the other network", at: snapshot.location("ippool", other.id))])
            }
        }
    }

    /// Reports overlapping dynamic ranges anywhere in the cluster; returns all well-formed
    /// ranges sorted by their first address.
    func checkRanges() -> [DynamicRange] {
        let ranges = snapshot.pools
            .filter { $0.range.first <= $0.range.last }
            .map { DynamicRange(range: $0.range, pool: $0) }
            .sorted { ($0.range.first, $0.pool.id) < ($1.range.first, $1.pool.id) }
        var widest: DynamicRange?
        for current in ranges {
            if let other = widest, current.range.first <= other.range.last {
                error(
                    "range \(current.range.first) - \(current.range.last) overlaps the range \(other.range.first) - \(other.range.last) of ippool id \(other.pool.id)",
                    snapshot.location("ippool", current.pool.id), notes: [.note("the other range", at: snapshot.location("ippool", other.pool.id))])
            }
            if widest.map({ current.range.last > $0.range.last }) ?? true { widest = current }
        }
        return ranges
    }

    /// The pool whose dynamic range holds `address`, found by binary search over sorted ranges.
    static func range(containing address: IPv4Address, in ranges: [DynamicRange]) -> DynamicRange? {
        let after = ranges.partitionPoint { $0.range.first <= address }
        // Ranges may nest only when they overlap (already an error); the nearest start decides.
        guard after > 0, ranges[after - 1].range.contains(address) else { return nil }
        return ranges[after - 1]
    }

    func checkNodesOutsideRanges(_ ranges: [DynamicRange]) {
        for node in [config.master, config.slave] {
            if let hit = Self.range(containing: node.address.value, in: ranges) {
                error(
                    "\(node.role.rawValue) address \(node.address.value) lies inside the dynamic range \(hit.range.first) - \(hit.range.last) of ippool id \(hit.pool.id)",
                    node.address.location)
            }
        }
    }
}
