import Foundation

/// Reads JSON as Kea does (with `//`, `#` and `/* */` comments) into `JSON` values, keeping the
/// order of object members. Only what the compiler writes is needed: integers, no `null`.
/// Linear in the text and reads it where it lies (no copy); used by `KeaPairCheck` on the
/// rendered files.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The member names leading from the outermost object to the value set aside unparsed.
    private let setAsidePath: [String]
    private var setAside: Range<Int>?

    /// The value `text` holds, or nil when it is not such JSON.
    static func parse(_ text: String) -> JSON? {
        var text = text
        return text.withUTF8 { parse(utf8: $0)?.value }
    }

    /// The value `bytes` hold, or nil when they are not such JSON. The value at `setAsidePath`
    /// (member names from the outermost object; a million reservations) is not parsed, only
    /// checked for balanced brackets: it is left out of `value` and its bytes' range returned.
    static func parse(
        utf8 bytes: UnsafeBufferPointer<UInt8>, settingAside setAsidePath: [String] = []
    ) -> (value: JSON, setAside: Range<Int>?)? {
        var parser = JSONParser(bytes: bytes, setAsidePath: setAsidePath)
        guard let value = parser.value(onPath: setAsidePath.isEmpty ? nil : 0) else { return nil }
        parser.skipSpace()
        return parser.index == bytes.count ? (value, parser.setAside) : nil
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, setAsidePath: [String]) {
        self.bytes = bytes
        self.setAsidePath = setAsidePath
    }

    /// `onPath`: how many names of `setAsidePath` lead to this value; nil when it is off the path.
    private mutating func value(onPath: Int? = nil) -> JSON? {
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(onPath: onPath)
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSON.string)
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        default: return integer()
        }
    }

    private mutating func object(onPath: Int?) -> JSON? {
        index += 1
        var members: [(String, JSON)] = []
        skipSpace()
        if take(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            let next = onPath.flatMap { $0 < setAsidePath.count && setAsidePath[$0] == key ? $0 + 1 : nil }
            if next == setAsidePath.count, setAside == nil {
                guard let range = balancedText() else { return nil }
                setAside = range
            } else {
                guard let value = value(onPath: next) else { return nil }
                members.append((key, value))
            }
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? .object(members) : nil
    }

    /// The range of an array or object whose brackets balance (strings stepped over whole, found
    /// by `JSONStrings`: a million reservations are read here), or of any other value.
    private mutating func balancedText() -> Range<Int>? {
        skipSpace()
        let start = index
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") || bytes[index] == UInt8(ascii: "{") else {
            return value() == nil ? nil : start..<index
        }
        var strings = JSONStrings(UnsafeBufferPointer(rebasing: bytes[start...]))
        var depth = 0
        var gapStart = 0
        // The brackets between one string and the next, then after the last string.
        while true {
            let string = strings.next()
            guard !strings.endedInString else { return nil }
            let gapEnd = string.map { $0.lowerBound - 1 } ?? bytes.count - start
            for offset in gapStart..<gapEnd {
                switch bytes[start + offset] {
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    guard depth > 0 else { return nil }
                    depth -= 1
                    if depth == 0 {
                        index = start + offset + 1
                        return start..<index
                    }
                default: break
                }
            }
            guard let string else { return nil }
            gapStart = string.upperBound + 1
        }
    }

    private mutating func array() -> JSON? {
        index += 1
        var items: [JSON] = []
        skipSpace()
        if take(UInt8(ascii: "]")) { return .array(items) }
        repeat {
            guard let item = value() else { return nil }
            items.append(item)
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? .array(items) : nil
    }

    private mutating func string() -> String? {
        index += 1
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count, let scalar = escaped() else { return nil }
                utf8 += Array(String(Character(scalar)).utf8)
            case ..<0x20: return nil
            default: utf8.append(byte)
            }
        }
        return nil
    }

    /// The character after a backslash (the index on it), the index moved past the escape.
    private mutating func escaped() -> Unicode.Scalar? {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{c}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard let high = hex4() else { return nil }
            guard (0xd800..<0xdc00).contains(high) else { return Unicode.Scalar(high) }
            guard literal("\\u"), let low = hex4(), (0xdc00..<0xe000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00))
        default: return nil
        }
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = HexDigits.value(byte) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func integer() -> JSON? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return Int(String(decoding: bytes[start..<index], as: UTF8.self)).map(JSON.int)
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let word = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + word.count <= bytes.count, bytes[index..<index + word.count].elementsEqual(word) else { return false }
        index += word.count
        return true
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Whitespace and Kea's comments: `// …` and `# …` to the end of the line, `/* … */`.
    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            case UInt8(ascii: "#"): skipLine()
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"): skipLine()
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
            default: return
            }
        }
    }

    private mutating func skipLine() {
        while index < bytes.count, bytes[index] != 0x0a { index += 1 }
    }
}

extension JSON: Equatable {
    static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.rendered(a), .rendered(b)): return a == b
        case let (.renderedParts(a), .renderedParts(b)): return a.lazy.map(\.bytes).joined().elementsEqual(b.lazy.map(\.bytes).joined())
        default: return false
        }
    }

    /// The member `key` of an object; nil for other values or a missing key.
    subscript(key: String) -> JSON? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var arrayValue: [JSON] {
        guard case let .array(items) = self else { return [] }
        return items
    }

    var stringValue: String? {
        guard case let .string(value) = self else { return nil }
        return value
    }

    var boolValue: Bool? {
        guard case let .bool(value) = self else { return nil }
        return value
    }
}

/// The contents of the JSON strings in a text, in order: each range from after its opening
/// quote to its closing quote (escaped quotes inside skipped), found with `memchr`.
struct JSONStrings {
    private let text: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Whether the text ended inside a string (then `next()` gave nil for it).
    private(set) var endedInString = false

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// The next string's contents, or nil when no string is left (an unclosed one included).
    mutating func next() -> Range<Int>? {
        guard let open = quote(from: index) else { return nil }
        var close = open + 1
        while true {
            guard let found = quote(from: close) else {
                index = text.count
                endedInString = true
                return nil
            }
            var backslashes = 0
            while found - backslashes - 1 > open, text[found - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            close = found + 1
            guard backslashes % 2 == 1 else { break }
        }
        index = close
        return (open + 1)..<(close - 1)
    }

    private func quote(from start: Int) -> Int? {
        guard let base = text.baseAddress, start < text.count, let found = memchr(base + start, Int32(UInt8(ascii: "\"")), text.count - start)
        else {
            return nil
        }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }
}
