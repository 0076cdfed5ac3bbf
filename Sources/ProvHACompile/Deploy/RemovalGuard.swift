/// octoDNS's safety threshold for provisioning: a build that would take away a large share of
/// what the previous build provisioned (host entries, pools, subnets) is refused, because an
/// empty or half-read database must never wipe a running network. `--force` overrides it.
struct RemovalGuard: Sendable {
    /// The largest share of a kind a build may remove, in percent.
    var maxRemovedPercent = 30
    /// Below this many entries of a kind in the previous build the guard does not apply.
    var minimumPrevious = 10

    init(maxRemovedPercent: Int = 30) { self.maxRemovedPercent = maxRemovedPercent }

    /// Refused: what would go, kind by kind.
    struct Refused: Error, CustomStringConvertible {
        let losses: [(kind: String, previous: Int, next: Int)]
        let maxRemovedPercent: Int

        var description: String {
            let list = losses.map {
                "\($0.kind) \($0.previous) -> \($0.next) (-\(Int((Double($0.previous) - Double($0.next)) * 100 / Double($0.previous))) %)"
            }
            return "the build would remove more than \(maxRemovedPercent) % of what the previous build provisioned: "
                + list.joined(separator: ", ")
                + "; is the database complete? Give --force (or a larger --max-removal) to write it anyway"
        }
    }

    func check(previous: [String: Int], next: [String: Int]) throws {
        var losses: [(kind: String, previous: Int, next: Int)] = []
        for (kind, before) in previous.sorted(by: { $0.key < $1.key }) where before >= minimumPrevious {
            // Counts from a manifest are input too: compared in floating point, they cannot overflow.
            let after = next[kind] ?? 0
            if (Double(before) - Double(after)) * 100 > Double(maxRemovedPercent) * Double(before) { losses.append((kind, before, after)) }
        }
        if !losses.isEmpty { throw Refused(losses: losses, maxRemovedPercent: maxRemovedPercent) }
    }
}

extension ClusterModel {
    /// What a build of this model provisions, by kind: what `RemovalGuard` compares.
    var provisionedInventory: [String: Int] {
        let subnets = cmtses.flatMap(\.subnets)
        return [
            "host entries": modems.count + mtas.count + fixedEndpoints.count,
            "pools": subnets.reduce(0) { $0 + $1.pools.count },
            "subnets": subnets.count,
        ]
    }
}
