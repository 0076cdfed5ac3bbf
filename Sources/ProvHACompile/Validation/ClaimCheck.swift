import Foundation

extension Validator {
    /// Duplicate MACs, and host names that are no DNS label or are taken, over `claims` (whose
    /// MACs and names are those of their `rows`) in their order. The claims are cut into
    /// partitions by a hash of their MAC and of their name (on every core, a slice of the claims
    /// each), then each partition is searched on its own (on every core): a MAC or a name falls
    /// in one partition only, and a partition's table stays in the caches, where one table of
    /// every claim (6.25M at 5M modems) missed them at nearly every probe. A partition holds each
    /// claim's key (MAC value, name fingerprint) beside its index, so its search reads the rows
    /// only when two keys match. Within a partition the claims keep their order, so each first
    /// owner is the one a single pass finds; each diagnostic is placed where its claim was made,
    /// a claim's MAC problem before its name's, as a single pass reports them.
    func checkClaims(_ claims: [DeviceClaim], of rows: ClaimedRows) -> [(position: Int, diagnostic: Diagnostic)] {
        let source = snapshot.source
        // The servers' names stand in the same DNS zone as every device, as owners -1 - the
        // node's index. (Equal node names are reported elsewhere; the master's entry then stands.)
        let roles = NodeRole.allCases
        let nodes = Dictionary(uniqueKeysWithValues: roles.map { ($0, config.node($0).hostname.location) })
        let nodeNames = roles.enumerated().map { (name: config.node($1).hostname.value, owner: -1 - $0) }
        @Sendable func owner(_ first: Int) -> DeviceOwner { first >= 0 ? rows.owner(of: claims[first]) : .node(roles[-1 - first]) }
        @Sendable func location(_ owner: DeviceOwner) -> SourceLocation { owner.location(in: source, nodes: nodes) }
        /// `value` (a MAC or a name, as the message shows it) of `claim` was claimed by `first`.
        @Sendable func taken(_ value: String, ofName: Bool, claim: Int, first: Int) -> ClaimProblem {
            let previous = owner(first)
            return ClaimProblem(
                claim: claim, ofName: ofName,
                diagnostic: .error(
                    "\(value) is also used by \(previous)", at: location(rows.owner(of: claims[claim])),
                    notes: [.note("\(value) first used here", at: location(previous))]))
        }

        let sliceCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let slices = Parallel.map(sliceCount) { slice in
            var partitions = ClaimPartitions()
            for index in (claims.count * slice / sliceCount)..<(claims.count * (slice + 1) / sliceCount) {
                if let mac = rows.mac(of: claims[index]) {
                    partitions.macs[ClaimPartitions.partition(of: mac.value)].append(KeyedClaim(key: mac.value, claim: index))
                }
                var hostname = rows.hostname(of: claims[index])
                guard let fingerprint = hostname.withUTF8({ DNSName.isLabel($0) ? FirstClaims.fingerprint($0) : nil }) else {
                    partitions.problems.append(
                        ClaimProblem(
                            claim: index, ofName: true,
                            diagnostic: .error(
                                "hostname \(DiagnosticText.quoted(hostname)) is not a DNS label (letters, digits and '-', at most 63)",
                                at: location(rows.owner(of: claims[index])))))
                    continue
                }
                partitions.names[ClaimPartitions.partition(of: fingerprint)].append(KeyedClaim(key: fingerprint, claim: index))
            }
            return partitions
        }
        let count = ClaimPartitions.count
        let found = Parallel.map(2 * count) { job in
            var problems: [ClaimProblem] = []
            if job < count {
                var firstClaims: [UInt64: Int] = [:]
                firstClaims.reserveCapacity(slices.reduce(0) { $0 + $1.macs[job].count })
                for slice in slices {
                    for keyed in slice.macs[job] {
                        guard let first = firstClaims.updateValue(keyed.claim, forKey: keyed.key) else { continue }
                        firstClaims[keyed.key] = first
                        let mac = rows.mac(of: claims[keyed.claim]).map(\.description) ?? ""
                        problems.append(taken("mac \(mac)", ofName: false, claim: keyed.claim, first: first))
                    }
                }
            } else {
                let partition = job - count
                var firstClaims = FirstClaims(capacity: slices.reduce(0) { $0 + $1.names[partition].count } + roles.count) { first in
                    first >= 0 ? rows.hostname(of: claims[first]) : nodeNames[-1 - first].name
                }
                for (name, owner) in nodeNames {
                    let fingerprint = FirstClaims.fingerprint(of: name)
                    if ClaimPartitions.partition(of: fingerprint) == partition { _ = firstClaims.claim(fingerprint: fingerprint, by: owner) }
                }
                for slice in slices {
                    for keyed in slice.names[partition] {
                        guard let first = firstClaims.claim(fingerprint: keyed.key, by: keyed.claim) else { continue }
                        let hostname = rows.hostname(of: claims[keyed.claim])
                        problems.append(taken("hostname \(DiagnosticText.quoted(hostname))", ofName: true, claim: keyed.claim, first: first))
                    }
                }
            }
            return problems
        }
        return (slices.flatMap(\.problems) + found.joined())
            .sorted { ($0.claim, $0.ofName ? 1 : 0) < ($1.claim, $1.ofName ? 1 : 0) }
            .map { (claims[$0.claim].position, $0.diagnostic) }
    }
}

/// A claim's problem: with its MAC or with its name.
private struct ClaimProblem: Sendable {
    let claim: Int
    let ofName: Bool
    let diagnostic: Diagnostic
}

/// A claim's index with its key: the value of its MAC, or the fingerprint of its name.
private struct KeyedClaim: Sendable {
    let key: UInt64
    let claim: Int
}

/// A slice of the claims, in order, by the partition of their MAC and of their name; and the
/// names that are no label.
private struct ClaimPartitions: Sendable {
    static let bits = 6
    static let count = 1 << bits

    var macs = [[KeyedClaim]](repeating: [], count: count)
    var names = [[KeyedClaim]](repeating: [], count: count)
    var problems: [ClaimProblem] = []

    /// The partition of a MAC's value or a name's fingerprint: the top bits of it times an odd
    /// constant (Fibonacci hashing), which every bit of it moves — sequential MACs, and names
    /// that differ in their last characters, spread over all partitions.
    static func partition(of value: UInt64) -> Int { Int((value &* 0x9e37_79b9_7f4a_7c15) >> UInt64(64 - bits)) }
}
