/// The first owner of each host name, names compared without regard to ASCII case (host names
/// are DNS labels, checked before they are claimed). A name is found by a 64-bit fingerprint of
/// its lower-cased bytes in a `[UInt64: Int]`: a `[String: Int]` spent most of a million-modem
/// validation hashing, retaining and comparing `String`s (1.25M names: 0.5 s against 0.2 s).
/// The claimer gives each name's fingerprint (made once, where the name's bytes are read); only on
/// a fingerprint match are the two names read and compared byte for byte; a name whose fingerprint
/// another name took first (a collision, chance or crafted) is kept in a `[String: Int]` of its
/// own, so a collision costs time, never a wrong answer.
struct FirstClaims {
    private var byFingerprint: [UInt64: Int] = [:]
    private var collided: [String: Int] = [:]
    /// The name an owner claimed.
    private let nameOf: (Int) -> String

    init(capacity: Int, nameOf: @escaping (Int) -> String) {
        byFingerprint.reserveCapacity(capacity)
        self.nameOf = nameOf
    }

    /// Claims the name of `owner`, whose `fingerprint` is given; the owner that claimed it
    /// first, or nil when it was free.
    mutating func claim(fingerprint: UInt64, by owner: Int) -> Int? {
        guard let holder = byFingerprint.updateValue(owner, forKey: fingerprint) else { return nil }
        byFingerprint[fingerprint] = holder
        let name = nameOf(owner)
        if Self.sameIgnoringCase(nameOf(holder), name) { return holder }
        let key = name.lowercased()
        guard let first = collided.updateValue(owner, forKey: key) else { return nil }
        collided[key] = first
        return first
    }

    /// The fingerprint of a name's bytes.
    static func fingerprint(of name: String) -> UInt64 {
        var name = name
        return name.withUTF8(fingerprint)
    }

    /// FNV-1a over the bytes with ASCII capitals lower-cased.
    static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// Whether two names are equal but for ASCII case.
    static func sameIgnoringCase(_ first: String, _ second: String) -> Bool {
        first.utf8.count == second.utf8.count
            && zip(first.utf8, second.utf8).allSatisfy { a, b in
                a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a)
            }
    }
}
