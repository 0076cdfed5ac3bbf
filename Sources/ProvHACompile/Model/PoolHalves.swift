/// How Kea's load-balancing serves a pool: in two fixed halves by address count, the first for
/// the primary's clients (class `HA_<primary>`), the second for the secondary's. An odd address
/// goes to the first half.
enum PoolHalves {
    static func split(_ ranges: [IPv4Range]) -> (first: [IPv4Range], second: [IPv4Range]) {
        let total = ranges.reduce(UInt64(0)) { $0 + size(of: $1) }
        var remaining = (total + 1) / 2
        var first: [IPv4Range] = []
        var second: [IPv4Range] = []
        for range in ranges {
            let count = size(of: range)
            if remaining >= count {
                first.append(range)
                remaining -= count
            } else if remaining == 0 {
                second.append(range)
            } else {
                let cut = range.first.value + UInt32(remaining - 1)
                first.append(IPv4Range(first: range.first, last: IPv4Address(cut)))
                second.append(IPv4Range(first: IPv4Address(cut + 1), last: range.last))
                remaining = 0
            }
        }
        return (first, second)
    }

    static func size(of range: IPv4Range) -> UInt64 { UInt64(range.last.value - range.first.value) + 1 }
}
