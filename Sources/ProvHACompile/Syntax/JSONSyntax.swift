/// A JSON value as Kea reads it, written in the order it was built (objects keep their keys'
/// order), so the same model always gives the same bytes. Every string reaches the file only
/// through `JSON.quoted`, which escapes what RFC 8259 requires.
indirect enum JSON {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

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
        case let .array(items):
            if let line = oneLine(budget: Self.lineWidth) {
                text += line
                return
            }
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += String(repeating: " ", count: (indent + 1) * 4)
                item.write(into: &text, indent: indent + 1)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent * 4) + "]"
        case let .object(members):
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

    /// The value on one line, or nil when it would be wider than `budget` characters.
    private func oneLine(budget: Int) -> String? {
        var text = ""
        return appendOneLine(into: &text, budget: budget) ? text : nil
    }

    private func appendOneLine(into text: inout String, budget: Int) -> Bool {
        switch self {
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
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c }) else { return "\"" + value + "\"" }
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
