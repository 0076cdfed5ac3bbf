/// The fast path of the dump parser: one row written the way mariadb-dump writes rows.
extension DumpParser {
    /// Reads the row at the stream's position when it is plain — `(v,v,…)` on one line inside
    /// the stream's current chunk, with no white space or comment, each value a `'…'` string
    /// (without escapes where the value is kept), a number or `NULL` — into `values` (ordered
    /// by `target`, as the general path fills them), and consumes it. Anything else returns
    /// false with nothing consumed: the general path then reads the row and reports what is
    /// wrong with it. Both paths give the same values for a plain row (the dump fuzzer compares
    /// them).
    func readPlainRow(target: [Int], into values: inout [String?]) -> Bool {
        let bytes = stream.unconsumed()
        let count = bytes.count
        guard count > 0, bytes[0] == Self.openParenthesis else { return false }
        for index in values.indices { values[index] = nil }
        var index = 1
        var column = 0
        while true {
            guard column < target.count, index < count else { return false }
            let slot = target[column]
            if bytes[index] == Self.quote {
                guard let end = Self.endOfPlainString(bytes, openedAt: index, escapesAllowed: slot < 0) else { return false }
                if slot >= 0 { values[slot] = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]), as: UTF8.self) }
                index = end + 1
            } else {
                let start = index
                while index < count, bytes[index] != Self.comma, bytes[index] != Self.closeParenthesis {
                    guard Self.mayBeInBareValue(bytes[index]) else { return false }
                    index += 1
                }
                guard index > start, Self.mayStartBareValue(bytes, at: start) else { return false }
                if slot >= 0 {
                    let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    switch Self.plainBareValue(token) {
                    case .number?: values[slot] = String(decoding: token, as: UTF8.self)
                    case .null?: values[slot] = nil
                    case nil: return false
                    }
                }
            }
            guard index < count else { return false }
            if bytes[index] == Self.closeParenthesis {
                guard column + 1 == target.count else { return false }
                stream.consume(newlineFree: index + 1)
                return true
            }
            guard bytes[index] == Self.comma else { return false }
            index += 1
            column += 1
        }
    }

    private enum PlainBareValue { case number, null }

    private static let openParenthesis = UInt8(ascii: "(")
    private static let closeParenthesis = UInt8(ascii: ")")
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")

    /// The index of the quote closing the string opened at `start`, or nil when it does not
    /// close in `bytes`, holds a newline, or (unless `escapesAllowed`, for a skipped value) an
    /// escape or a doubled quote.
    private static func endOfPlainString(_ bytes: UnsafeBufferPointer<UInt8>, openedAt start: Int, escapesAllowed: Bool) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case quote:
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == quote else { return index }
                guard escapesAllowed else { return nil }
                index += 2
            case backslash:
                guard escapesAllowed, index + 1 < bytes.count, bytes[index + 1] != 0x0a else { return nil }
                index += 2
            case 0x0a:
                return nil
            default:
                index += 1
            }
        }
        return nil
    }

    /// A byte the general path also takes as part of a bare value (it ends one at white space
    /// and quotes, and the fast path leaves those rows to it).
    @inline(__always)
    private static func mayBeInBareValue(_ byte: UInt8) -> Bool {
        byte != 0x20 && byte != 0x0a && byte != 0x09 && byte != 0x0d && byte != quote
    }

    /// False where the general path would first skip something: a form feed, `#`, `/` or `--`.
    private static func mayStartBareValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        switch bytes[index] {
        case 0x0c, UInt8(ascii: "#"), UInt8(ascii: "/"): return false
        case UInt8(ascii: "-"): return index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "-")
        default: return true
        }
    }

    /// A kept bare value the fast path reads as the general path does: a number (not `0x…`)
    /// or `NULL`; nil for anything else (TRUE, FALSE, hexadecimal and other words).
    private static func plainBareValue(_ token: UnsafeBufferPointer<UInt8>) -> PlainBareValue? {
        let first = token[0]
        if first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) {
            if token.count > 1, first == UInt8(ascii: "0"), token[1] | 0x20 == UInt8(ascii: "x") { return nil }
            return .number
        }
        if token.count == 4, token[0] == UInt8(ascii: "N"), token[1] == UInt8(ascii: "U"), token[2] == UInt8(ascii: "L"),
            token[3] == UInt8(ascii: "L")
        {
            return .null
        }
        return nil
    }
}
