/// RFC 1123 host names and domain names, as DNS, dhcpd `host` names and file names need them.
enum DNSName {
    /// One label: 1–63 letters, digits and hyphens, not starting or ending with a hyphen.
    static func isValidLabel(_ label: some StringProtocol) -> Bool {
        var text = String(label)
        return text.withUTF8 { labelShape($0) != .invalid }
    }

    /// What a label's bytes are: no label, a label, or a label with capitals (whose lower-case
    /// form names the same host). Read on the bytes: a million device names are checked, and a
    /// `String`'s `utf8` walked byte by byte cost ten times as much.
    enum LabelShape { case invalid, lowercase, hasCapitals }

    static func labelShape(_ bytes: UnsafeBufferPointer<UInt8>) -> LabelShape {
        let hyphen = UInt8(ascii: "-")
        guard (1...63).contains(bytes.count), bytes[0] != hyphen, bytes[bytes.count - 1] != hyphen else { return .invalid }
        var capitals = false
        for byte in bytes {
            if (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == hyphen { continue }
            guard byte >= 0x41 && byte <= 0x5a else { return .invalid }
            capitals = true
        }
        return capitals ? .hasCapitals : .lowercase
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
