/// The values of MySQL's non-string literals as a dump writes them: hexadecimal (`0x6162`,
/// `x'6162'`, what `mariadb-dump --hex-blob` writes) and bit values (`b'1'`).
enum SQLLiteral {
    /// The text that hex digits spell (`6162` → `ab`); nil when they are not pairs of hex digits.
    static func hexText(_ digits: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.utf8.count / 2)
        var high: UInt8?
        for byte in digits.utf8 {
            guard let nibble = HexDigits.value(byte) else { return nil }
            if let value = high {
                bytes.append(value << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A bit literal's value in decimal (`b'1'` → `1`); nil for other digits or more than 63 bits.
    static func bitText(_ bits: String) -> String? {
        guard !bits.isEmpty, bits.utf8.count <= 63, let value = Int(bits, radix: 2) else { return nil }
        return String(value)
    }
}
