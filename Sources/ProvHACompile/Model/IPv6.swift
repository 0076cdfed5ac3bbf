import Glibc

/// An IPv6 address as a 128-bit value; ordered numerically. Parsed and written by the C
/// library's `inet_pton` and `inet_ntop` (written in RFC 5952's canonical form).
struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    let value: UInt128

    init(_ value: UInt128) { self.value = value }

    /// Parses any textual form `inet_pton` accepts (`2001:db8::1`, `::ffff:10.0.0.1`); no zone,
    /// no prefix length.
    init?(_ text: some StringProtocol) {
        var bytes = in6_addr()
        guard text.utf8.count <= 45, inet_pton(AF_INET6, String(text), &bytes) == 1 else { return nil }
        var result: UInt128 = 0
        withUnsafeBytes(of: &bytes) { raw in
            for byte in raw { result = result << 8 | UInt128(byte) }
        }
        value = result
    }

    var description: String {
        var bytes = in6_addr()
        withUnsafeMutableBytes(of: &bytes) { raw in
            for index in 0..<16 { raw[index] = UInt8(truncatingIfNeeded: value >> UInt128(8 * (15 - index))) }
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &bytes, &text, socklen_t(text.count)) != nil else { return "::" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv6 network: an address and a prefix length (`2001:db8:1::/64`). `address` may carry
/// host bits until validation reports them.
struct IPv6Network: Hashable, Sendable, CustomStringConvertible {
    let address: IPv6Address
    let prefixLength: Int

    init(address: IPv6Address, prefixLength: Int) {
        precondition((0...128).contains(prefixLength), "prefix length out of range")
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `address/length`; nil for anything else.
    init?(cidr text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv6Address(parts[0]), let length = Int(parts[1]), (0...128).contains(length),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    var mask: UInt128 { prefixLength == 0 ? 0 : UInt128.max << UInt128(128 - prefixLength) }
    var first: IPv6Address { IPv6Address(address.value & mask) }
    var last: IPv6Address { IPv6Address(address.value | ~mask) }
    /// True when the address has no host bits set.
    var isNetworkAddress: Bool { address.value & ~mask == 0 }
    /// The same network with its host bits cleared.
    var normalized: IPv6Network { IPv6Network(address: first, prefixLength: prefixLength) }

    func contains(_ other: IPv6Address) -> Bool { other.value & mask == address.value & mask }
    /// Whether `other` lies wholly inside this network.
    func contains(_ other: IPv6Network) -> Bool { other.prefixLength >= prefixLength && contains(other.address) }
    /// Whether the two networks share an address (one then contains the other).
    func overlaps(_ other: IPv6Network) -> Bool { contains(other.first) || other.contains(first) }

    /// Its two halves (one bit longer); nil for a /128.
    var halves: (IPv6Network, IPv6Network)? {
        guard prefixLength < 128 else { return nil }
        let length = prefixLength + 1
        let upper = IPv6Address(first.value | UInt128(1) << UInt128(128 - length))
        return (IPv6Network(address: first, prefixLength: length), IPv6Network(address: upper, prefixLength: length))
    }

    var description: String { "\(address)/\(prefixLength)" }
}

/// An inclusive range of IPv6 addresses.
struct IPv6Range: Hashable, Sendable, CustomStringConvertible {
    let first: IPv6Address
    let last: IPv6Address

    /// Its two halves, the lower one the longer by one address when it has an odd count; nil
    /// for a single address.
    var halves: (IPv6Range, IPv6Range)? {
        guard first < last else { return nil }
        let middle = first.value + (last.value - first.value) / 2
        return (IPv6Range(first: first, last: IPv6Address(middle)), IPv6Range(first: IPv6Address(middle + 1), last: last))
    }

    var description: String { "\(first) - \(last)" }
}
