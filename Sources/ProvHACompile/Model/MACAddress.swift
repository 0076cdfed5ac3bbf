/// A 48-bit Ethernet hardware address, written lower-case and colon-separated.
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    let value: UInt64

    /// Parses `aa:bb:cc:dd:ee:ff` (either case; `-` also accepted as separator).
    public init?(_ text: some StringProtocol) {
        let parsed = text.utf8.withContiguousStorageIfAvailable(Self.value(of:)) ?? Array(text.utf8).withUnsafeBufferPointer(Self.value(of:))
        guard let parsed else { return nil }
        value = parsed
    }

    /// The address spelt by twelve hex digits (either case), as a database's `HEX()` gives it.
    /// (A static function, not an initialiser: `MACAddress.init` must stay the text parser.)
    static func fromHexDigits(_ text: String) -> MACAddress? {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ HexDigits.value($0) != nil }), let value = UInt64(text, radix: 16) else { return nil }
        return MACAddress(value: value)
    }

    private init(value: UInt64) { self.value = value }

    /// The address spelt by 17 bytes: six hex pairs, `:` or `-` between them.
    private static func value(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count == 17 else { return nil }
        var result: UInt64 = 0
        for octet in 0..<6 {
            let at = octet * 3
            if octet > 0, bytes[at - 1] != UInt8(ascii: ":"), bytes[at - 1] != UInt8(ascii: "-") { return nil }
            guard let high = HexDigits.value(bytes[at]), let low = HexDigits.value(bytes[at + 1]) else { return nil }
            result = result << 8 | UInt64(high << 4 | low)
        }
        return result
    }

    /// NMS Prime's placeholder MACs (first octet `ff`, RFC 7042) get no DHCP entry.
    var isPlaceholder: Bool { value >> 40 == 0xff }

    /// The twelve hex digits without separators (`001c00000004`), as PacketCable host names use them.
    var hexDigits: String {
        var bytes: [UInt8] = []
        write(into: &bytes, separated: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the address to `bytes` as `description` spells it, or with `separated: false`
    /// as `hexDigits` does, without making a String (the host entries of a million modems).
    func write(into bytes: inout [UInt8], separated: Bool = true) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: separated ? 17 : 12))
        _ = bytes.withUnsafeMutableBufferPointer { spell(into: UnsafeMutableBufferPointer(rebasing: $0[start...]), separated: separated) }
    }

    public var description: String {
        String(unsafeUninitializedCapacity: 17) { spell(into: $0, separated: true) }
    }

    /// Writes the twelve lower-case hex digits, colons between pairs when `separated`, at the
    /// start of `buffer`; returns how many bytes that is (17 or 12).
    private func spell(into buffer: UnsafeMutableBufferPointer<UInt8>, separated: Bool) -> Int {
        let stride = separated ? 3 : 2
        for index in 0..<6 {
            let byte = Int(truncatingIfNeeded: value >> UInt64((5 - index) * 8)) & 0xff
            buffer[index * stride] = HexDigits.lowercase(byte >> 4)
            buffer[index * stride + 1] = HexDigits.lowercase(byte & 0xf)
            if separated, index < 5 { buffer[index * stride + 2] = UInt8(ascii: ":") }
        }
        return separated ? 17 : 12
    }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.value < rhs.value }
}
