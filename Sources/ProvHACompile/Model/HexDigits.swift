/// Hex digits, read and written in one place: MAC addresses, the dump's `0x…` literals, digests,
/// DHCP option bytes and DHCP client identifiers.
enum HexDigits {
    /// The lower-case digit (`0`–`9`, `a`–`f`) of a value below 16, as a UTF-8 byte: computed, not
    /// read from a shared table, whose reference count the rendering cores would share.
    @inline(__always)
    static func lowercase(_ value: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: value < 10 ? 0x30 + value : 0x57 + value)
    }

    /// The value of one hex digit (either case), nil for any other byte.
    static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// One octet as two lower-case digits (`0b`).
    static func octet(_ byte: UInt8) -> String {
        String(decoding: [lowercase(Int(byte >> 4)), lowercase(Int(byte & 0x0f))], as: UTF8.self)
    }

    /// Octets written `aa:bb:…`; nil unless every part is exactly two hex digits.
    static func octets(colonSeparated text: String) -> [UInt8]? {
        var octets: [UInt8] = []
        for part in text.split(separator: ":", omittingEmptySubsequences: false) {
            let digits = Array(part.utf8)
            guard digits.count == 2, let high = value(digits[0]), let low = value(digits[1]) else { return nil }
            octets.append(high << 4 | low)
        }
        return octets
    }
}
