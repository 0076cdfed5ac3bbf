/// RFC 1123 host names and domain names, as DNS, dhcpd `host` names and file names need them.
enum DNSName {
    /// One label: 1–63 letters, digits and hyphens, not starting or ending with a hyphen.
    static func isValidLabel(_ label: some StringProtocol) -> Bool {
        var text = String(label)
        return text.withUTF8(isLabel)
    }

    /// `isValidLabel` on the bytes: a million device names are checked, and a `String`'s `utf8`
    /// walked byte by byte cost ten times as much.
    static func isLabel(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let hyphen = UInt8(ascii: "-")
        guard (1...63).contains(bytes.count), bytes[0] != hyphen, bytes[bytes.count - 1] != hyphen else { return false }
        for byte in bytes {
            let lowered = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte
            guard (lowered >= 0x61 && lowered <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == hyphen else { return false }
        }
        return true
    }

    /// A name from the database that may be written absolute (`example.test.`): without the
    /// trailing dot when the rest is a valid domain, else nil.
    static func domain(fromDatabase name: String) -> String? {
        let bare = name.hasSuffix(".") ? String(name.dropLast()) : name
        return isValidDomain(bare) ? bare : nil
    }

    /// A domain of one or more valid labels, at most 253 characters, no trailing dot.
    static func isValidDomain(_ name: String) -> Bool {
        guard (1...253).contains(name.utf8.count) else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isValidLabel)
    }
}
