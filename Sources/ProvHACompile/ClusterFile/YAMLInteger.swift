/// The value of a scalar Yams resolved as an integer, read without Yams's own arithmetic: its
/// base-60 form (`1:30`) multiplies without an overflow check, so `ttl: 922337203685477580:7`
/// crashed the reader (the cluster-file fuzzer found it). Decimal, `0x` hex, `0o`/`0` octal
/// and `0b` binary, with `_` separators and a sign, as YAML 1.1 writes them.
enum YAMLInteger {
    enum Reading: Equatable {
        case value(Int)
        /// Beyond what 64 bits hold.
        case tooLarge
        /// Base 60: never what a port, count or number of seconds in this file means.
        case sexagesimal
    }

    static func read(_ text: String) -> Reading {
        var digits = Substring(text.filter { $0 != "_" })
        if digits.contains(":") { return .sexagesimal }
        var sign = ""
        if let first = digits.first, first == "-" || first == "+" {
            if first == "-" { sign = "-" }
            digits = digits.dropFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            radix = base
            digits = digits.dropFirst(2)
        }
        if radix == 10, digits.count > 1, digits.hasPrefix("0") { radix = 8 }
        // Int(_:radix:) reports an overflow as nil; it never traps.
        guard !digits.isEmpty, let value = Int(sign + digits, radix: radix) else { return .tooLarge }
        return .value(value)
    }
}
