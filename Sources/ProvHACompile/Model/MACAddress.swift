/// A 48-bit Ethernet hardware address, written lower-case and colon-separated.
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: UInt64

    /// Parses `aa:bb:cc:dd:ee:ff` (either case; `-` also accepted as separator).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "-" }
        guard parts.count == 6 else { return nil }
        var result: UInt64 = 0
        for part in parts {
            guard part.count == 2, let byte = UInt8(part, radix: 16) else { return nil }
            result = result << 8 | UInt64(byte)
        }
        value = result
    }

    /// NMS Prime's placeholder MACs (first octet `ff`, RFC 7042) get no DHCP entry.
    public var isPlaceholder: Bool { value >> 40 == 0xff }

    public var description: String {
        (0..<6).reversed().map { shift in
            let byte = UInt8(truncatingIfNeeded: value >> (UInt64(shift) * 8))
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.value < rhs.value }
}
