/// A JSON value as Kea reads it, written in the order it was built (objects keep their keys'
/// order), so the same model always gives the same bytes. Every string reaches the file only
/// through `JSON.quoted`, which escapes what RFC 8259 requires.
indirect enum JSON {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])
    /// An array already written at its place (`JSON.renderedArray`): a member too large to hold
    /// as values (a million reservations), rendered one item at a time.
    case rendered(String)

    /// Objects and arrays up to this width are written on one line; wider ones one member a line.
    static let lineWidth = 120

    /// The value as text, members indented by four spaces per level.
    func rendered(indent: Int = 0) -> String {
        var text = ""
        write(into: &text, indent: indent)
        return text
    }

    func write(into text: inout String, indent: Int) {
        switch self {
        case let .string(value): text += Self.quoted(value)
        case let .int(value): text += String(value)
        case let .bool(value): text += value ? "true" : "false"
        case let .rendered(value): text += value
        case let .array(items):
            if let line = oneLine(budget: Self.lineWidth) {
                text += line
                return
            }
            Self.writeArray(count: items.count, into: &text, indent: indent) { items[$0].write(into: &$1, indent: indent + 1) }
        case let .object(members):
            if Self.writeFlatObject(members, into: &text) { return }
            if let line = oneLine(budget: Self.lineWidth) {
                text += line
                return
            }
            text += "{\n"
            for (index, (key, value)) in members.enumerated() {
                text += String(repeating: " ", count: (indent + 1) * 4) + Self.quoted(key) + ": "
                value.write(into: &text, indent: indent + 1)
                text += index == members.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent * 4) + "}"
        }
    }

    /// An array of `count` items, one a line, at `indent`; `item(index, &text)` writes each.
    static func writeArray(count: Int, into text: inout String, indent: Int, item: (Int, inout String) -> Void) {
        text += "[\n"
        let itemIndent = String(repeating: " ", count: (indent + 1) * 4)
        for index in 0..<count {
            text += itemIndent
            item(index, &text)
            text += index == count - 1 ? "\n" : ",\n"
        }
        text += String(repeating: " ", count: indent * 4) + "]"
    }

    /// An array of `count` items rendered at `indent` one item at a time, so that only one item's
    /// values exist at once: `item(index)` makes each.
    static func renderedArray(count: Int, indent: Int, item: (Int) -> JSON) -> JSON {
        guard count > 0 else { return .array([]) }
        var text = ""
        writeArray(count: count, into: &text, indent: indent) { index, text in item(index).write(into: &text, indent: indent + 1) }
        return .rendered(text)
    }

    /// The fast road for the most common object (a reservation): string members only, nothing to
    /// escape, narrow enough for one line — written as `oneLine` would, without building it twice.
    private static func writeFlatObject(_ members: [(String, JSON)], into text: inout String) -> Bool {
        guard !members.isEmpty else { return false }
        var width = 2 * members.count + 2
        for (key, value) in members {
            guard case let .string(string) = value, !needsEscaping(key), !needsEscaping(string) else { return false }
            width += key.utf8.count + string.utf8.count + 6
        }
        guard width <= lineWidth else { return false }
        text += "{ "
        for (index, (key, value)) in members.enumerated() {
            guard case let .string(string) = value else { return false }
            if index > 0 { text += ", " }
            text += "\""
            text += key
            text += "\": \""
            text += string
            text += "\""
        }
        text += " }"
        return true
    }

    private static func needsEscaping(_ value: String) -> Bool { value.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c } }

    /// The value on one line, or nil when it would be wider than `budget` characters.
    private func oneLine(budget: Int) -> String? {
        var text = ""
        return appendOneLine(into: &text, budget: budget) ? text : nil
    }

    private func appendOneLine(into text: inout String, budget: Int) -> Bool {
        switch self {
        case .rendered: return false
        case .string, .int, .bool:
            write(into: &text, indent: 0)
        case let .array(items):
            text += items.isEmpty ? "[" : "[ "
            for (index, item) in items.enumerated() {
                if index > 0 { text += ", " }
                guard item.appendOneLine(into: &text, budget: budget), text.utf8.count <= budget else { return false }
            }
            text += items.isEmpty ? "]" : " ]"
        case let .object(members):
            text += members.isEmpty ? "{" : "{ "
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { text += ", " }
                text += Self.quoted(key) + ": "
                guard value.appendOneLine(into: &text, budget: budget), text.utf8.count <= budget else { return false }
            }
            text += members.isEmpty ? "}" : " }"
        }
        return text.utf8.count <= budget
    }

    /// `value` as a JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ value: String) -> String {
        guard needsEscaping(value) else { return "\"" + value + "\"" }
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
