/// A JSON value as Kea reads it, written in the order it was built (objects keep their keys'
/// order), so the same model always gives the same bytes. Every string reaches the file only
/// through `JSON.appendQuoted` (or, when nothing needs escaping, `appendPlain`), which escapes
/// what RFC 8259 requires.
indirect enum JSON: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])
    /// An array already written at its place (`JSON.renderedArray`): a member too large to hold
    /// as values (a million reservations), rendered one item at a time, kept as UTF-8 bytes
    /// (a `String` of 280 MB would be checked and copied once more).
    case rendered([UInt8])
    /// An array rendered in parts, each on its own core (`JSON.renderedArrayPart`): its text is
    /// the parts one after the other (in a file, with the file's block at the places they name).
    case renderedParts([GeneratedText.Part])
    /// Kea's `<?include "path"?>`: the named file's text stands in its place (an item of an
    /// array; never on one line).
    case include(String)

    /// Objects and arrays up to this width are written on one line; wider ones one member a line.
    static let lineWidth = 120

    /// The value as text, members indented by four spaces per level.
    func rendered(indent: Int = 0) -> String {
        var bytes: [UInt8] = []
        write(into: &bytes, indent: indent)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A file: `header`, the value and a newline. The text around the arrays already rendered
    /// inside is written, and the file is that text's pieces and those arrays' bytes in order,
    /// none copied (a million reservations are not copied into the file's text), with `block`
    /// read at the places the arrays' parts name.
    func renderedFile(after header: String, block: [UInt8] = []) -> GeneratedText {
        var outer = Array(header.utf8)
        let outline = Outline()
        write(into: &outer, indent: 0, outline: outline)
        outer.append(UInt8(ascii: "\n"))
        var parts: [GeneratedText.Part] = []
        var taken = 0
        for (offset, part) in outline.embedded {
            parts.append(GeneratedText.Part(outer[taken..<offset]))
            parts.append(part)
            taken = offset
        }
        parts.append(GeneratedText.Part(outer[taken...]))
        return GeneratedText(parts: parts, block: block)
    }

    /// Where the `.rendered` arrays of a value go in the text written around them.
    private final class Outline {
        var embedded: [(offset: Int, part: GeneratedText.Part)] = []
    }

    /// Writes the value as UTF-8 at the end of `bytes` (bytes, not a `String`: at a million
    /// reservations the appends to a `String` cost most of the render).
    func write(into bytes: inout [UInt8], indent: Int) { write(into: &bytes, indent: indent, outline: nil) }

    /// `write(into:indent:)`; with an `outline`, each `.rendered` array is not copied but its
    /// place in `bytes` recorded there (never on one line, it is never inside a one-line value).
    private func write(into bytes: inout [UInt8], indent: Int, outline: Outline?) {
        switch self {
        case let .string(value): Self.appendQuoted(value, to: &bytes)
        case let .include(path):
            bytes += Array("<?include ".utf8)
            Self.appendQuoted(path, to: &bytes)
            bytes += Array("?>".utf8)
        case let .int(value): bytes.append(contentsOf: String(value).utf8)
        case let .bool(value): bytes.append(value ? Token.true : Token.false)
        case let .rendered(value):
            if let outline { outline.embedded.append((bytes.count, GeneratedText.Part(value[...]))) } else { bytes += value }
        case let .renderedParts(parts):
            for part in parts {
                if let outline { outline.embedded.append((bytes.count, part)) } else { bytes += part.bytes }
            }
        case let .array(items):
            if appendOneLine(to: &bytes, budget: Self.lineWidth) { return }
            Self.writeArray(count: items.count, into: &bytes, indent: indent) { index, bytes in
                items[index].write(into: &bytes, indent: indent + 1, outline: outline)
            }
        case let .object(members):
            if Self.writeFlatObject(members, into: &bytes) { return }
            if appendOneLine(to: &bytes, budget: Self.lineWidth) { return }
            bytes.append(Token.openObject)
            for (index, (key, value)) in members.enumerated() {
                Self.appendIndent(indent + 1, to: &bytes)
                Self.appendQuoted(key, to: &bytes)
                bytes.append(Token.colon)
                value.write(into: &bytes, indent: indent + 1, outline: outline)
                bytes.append(index == members.count - 1 ? Token.newline : Token.commaNewline)
            }
            Self.appendIndent(indent, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// The fixed pieces of the text, as bytes.
    private enum Token {
        static let `true`: StaticString = "true"
        static let `false`: StaticString = "false"
        static let openObject: StaticString = "{\n"
        static let openArray: StaticString = "[\n"
        static let colon: StaticString = ": "
        static let comma: StaticString = ", "
        static let newline: StaticString = "\n"
        static let commaNewline: StaticString = ",\n"
        static let flatStart: StaticString = "{ "
        static let flatEnd: StaticString = " }"
        static let flatArrayStart: StaticString = "[ "
        static let flatArrayEnd: StaticString = " ]"
        static let keyEnd: StaticString = "\": \""
    }

    static func appendIndent(_ level: Int, to bytes: inout [UInt8]) {
        let count = level * 4
        if count <= spaces.utf8CodeUnitCount {
            bytes.append(prefix: count, of: spaces)
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
        }
    }

    /// Enough spaces for eight levels, copied at once.
    private static let spaces: StaticString = "                                "

    /// An array of `count` items, one a line, at `indent`; `item(index, &bytes)` writes each.
    static func writeArray(count: Int, into bytes: inout [UInt8], indent: Int, item: (Int, inout [UInt8]) -> Void) {
        writeArray(items: 0..<count, of: count, into: &bytes, indent: indent, item: item)
    }

    /// Items `items` of an array of `count`, one a line, at `indent`: the opening bracket before
    /// item 0 and the closing one after the last item, so that consecutive parts make the array.
    private static func writeArray(items: Range<Int>, of count: Int, into bytes: inout [UInt8], indent: Int, item: (Int, inout [UInt8]) -> Void) {
        if items.lowerBound == 0 { bytes.append(Token.openArray) }
        for index in items {
            appendIndent(indent + 1, to: &bytes)
            item(index, &bytes)
            bytes.append(index == count - 1 ? Token.newline : Token.commaNewline)
        }
        if items.upperBound == count {
            appendIndent(indent, to: &bytes)
            bytes.append(UInt8(ascii: "]"))
        }
    }

    /// An array of `count` items rendered at `indent` one item at a time, so that only one item's
    /// values exist at once: `item(index, &bytes)` appends item `index` as a value's
    /// `write(into:indent: indent + 1)` would.
    static func renderedArray(count: Int, indent: Int, item: (Int, inout [UInt8]) -> Void) -> JSON {
        guard count > 0 else { return .array([]) }
        return .rendered(renderedArrayPart(items: 0..<count, of: count, indent: indent, item: item))
    }

    /// Items `items` of an array of `count` (more than none) rendered as `renderedArray` renders
    /// them, with the opening bracket before item 0 and the closing one after the last item: the
    /// parts of an array, one after the other, are its text (`.renderedParts`).
    static func renderedArrayPart(items: Range<Int>, of count: Int, indent: Int, item: (Int, inout [UInt8]) -> Void) -> [UInt8] {
        guard !items.isEmpty else { return [] }  // a part of no items holds no bracket either
        var bytes: [UInt8] = []
        // Room for the usual item (a reservation is 100 to 250 bytes): the buffer of a million
        // is not copied at every doubling. Pages beyond what is written are never touched.
        bytes.reserveCapacity(items.count * 256 + 16)
        writeArray(items: items, of: count, into: &bytes, indent: indent, item: item)
        return bytes
    }

    /// The fast road for the most common object (a reservation): string members only, nothing to
    /// escape, narrow enough for one line — written as `appendOneLine` would, in one pass.
    private static func writeFlatObject(_ members: [(String, JSON)], into bytes: inout [UInt8]) -> Bool {
        guard !members.isEmpty else { return false }
        let start = bytes.count
        bytes.append(Token.flatStart)
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { bytes.append(Token.comma) }
            bytes.append(UInt8(ascii: "\""))
            guard case let .string(string) = value, appendPlain(key, to: &bytes) else { break }
            bytes.append(Token.keyEnd)
            guard appendPlain(string, to: &bytes) else { break }
            bytes.append(UInt8(ascii: "\""))
            if index == members.count - 1 {
                bytes.append(Token.flatEnd)
                if bytes.count - start <= lineWidth { return true }
            }
        }
        bytes.removeSubrange(start...)
        return false
    }

    /// Appends `value`'s bytes; false when they hold a byte JSON must escape.
    static func appendPlain(_ value: String, to bytes: inout [UInt8]) -> Bool {
        var value = value
        return value.withUTF8 { utf8 in
            bytes.append(contentsOf: utf8)
            for byte in utf8 where needsEscaping(byte) { return false }
            return true
        }
    }

    /// The value on one line at the end of `bytes`; false (and `bytes` as it was) when it would
    /// be wider than `budget` bytes.
    private func appendOneLine(to bytes: inout [UInt8], budget: Int) -> Bool {
        let start = bytes.count
        guard appendOneLine(to: &bytes, from: start, budget: budget) else {
            bytes.removeSubrange(start...)
            return false
        }
        return true
    }

    private func appendOneLine(to bytes: inout [UInt8], from start: Int, budget: Int) -> Bool {
        switch self {
        case .rendered, .renderedParts, .include: return false
        case .string, .int, .bool:
            write(into: &bytes, indent: 0)
        case let .array(items):
            bytes.append(items.isEmpty ? "[" : Token.flatArrayStart)
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(Token.comma) }
                guard item.appendOneLine(to: &bytes, from: start, budget: budget), bytes.count - start <= budget else { return false }
            }
            bytes.append(items.isEmpty ? "]" : Token.flatArrayEnd)
        case let .object(members):
            bytes.append(members.isEmpty ? "{" : Token.flatStart)
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { bytes.append(Token.comma) }
                Self.appendQuoted(key, to: &bytes)
                bytes.append(Token.colon)
                guard value.appendOneLine(to: &bytes, from: start, budget: budget), bytes.count - start <= budget else { return false }
            }
            bytes.append(members.isEmpty ? "}" : Token.flatEnd)
        }
        return bytes.count - start <= budget
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5c }

    /// `value` as a JSON string literal at the end of `bytes` (see `quoted`).
    static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(UInt8(ascii: "\""))
        if appendPlain(value, to: &bytes) {
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.removeSubrange(start...)
            bytes.append(contentsOf: quoted(value).utf8)
        }
    }

    /// `value` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
