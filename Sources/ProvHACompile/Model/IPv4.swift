/// An IPv4 address as a 32-bit value; ordered numerically.
struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    let value: UInt32

    init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad notation (`172.20.0.100`); no leading zeros, no missing octets.
    /// Read byte by byte: a pool row holds six addresses and a million rows are read.
    init?(_ text: some StringProtocol) { self.init(utf8: text.utf8) }

    /// Parses dotted-quad notation from UTF-8 bytes (a value found in a file's bytes).
    init?(utf8 bytes: some Sequence<UInt8>) {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                result = result << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits == 0 || octet != 0, digits < 3 else { return nil }
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                guard octet <= 255 else { return nil }
                digits += 1
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        value = result << 8 | octet
    }

    var description: String {
        String(unsafeUninitializedCapacity: 15) { buffer in
            var length = 0
            for shift in [24, 16, 8, 0] as [UInt32] {
                var octet = Int(value >> shift & 0xff)
                if octet >= 100 {
                    buffer[length] = UInt8(ascii: "0") + UInt8(octet / 100)
                    length += 1
                    octet %= 100
                    buffer[length] = UInt8(ascii: "0") + UInt8(octet / 10)
                    length += 1
                } else if octet >= 10 {
                    buffer[length] = UInt8(ascii: "0") + UInt8(octet / 10)
                    length += 1
                }
                buffer[length] = UInt8(ascii: "0") + UInt8(octet % 10)
                length += 1
                if shift > 0 {
                    buffer[length] = UInt8(ascii: ".")
                    length += 1
                }
            }
            return length
        }
    }

    /// The four octets, most significant first.
    var octets: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv4 network: an address and a prefix length. `address` may carry host bits until
/// `isNetworkAddress` has been checked by validation.
struct IPv4Network: Hashable, Sendable, CustomStringConvertible {
    let address: IPv4Address
    let prefixLength: Int

    init(address: IPv4Address, prefixLength: Int) {
        precondition((0...32).contains(prefixLength), "prefix length out of range")
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d/n`.
    init?(cidr text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]),
            (0...32).contains(length)
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// The prefix length of a contiguous dotted netmask such as `255.255.240.0`, or nil.
    static func prefixLength(ofNetmask mask: IPv4Address) -> Int? {
        let ones = (~mask.value).leadingZeroBitCount
        return IPv4Network.mask(forPrefix: ones) == mask.value ? ones : nil
    }

    static func mask(forPrefix length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    var mask: UInt32 { IPv4Network.mask(forPrefix: prefixLength) }
    var netmask: IPv4Address { IPv4Address(mask) }
    var first: IPv4Address { IPv4Address(address.value & mask) }
    var last: IPv4Address { IPv4Address(address.value | ~mask) }
    /// The same network with its host bits cleared (`10.0.16.5/20` → `10.0.16.0/20`).
    var normalized: IPv4Network { IPv4Network(address: first, prefixLength: prefixLength) }
    /// True when the address has no host bits set.
    var isNetworkAddress: Bool { address.value & ~mask == 0 }

    func contains(_ other: IPv4Address) -> Bool { other.value & mask == address.value & mask }

    var description: String { "\(address)/\(prefixLength)" }
}

/// An inclusive range of IPv4 addresses.
struct IPv4Range: Hashable, Sendable, CustomStringConvertible {
    let first: IPv4Address
    let last: IPv4Address

    init(first: IPv4Address, last: IPv4Address) {
        self.first = first
        self.last = last
    }

    func contains(_ address: IPv4Address) -> Bool { first <= address && address <= last }
    var description: String { "\(first)-\(last)" }
}
