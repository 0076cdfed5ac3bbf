/// Makes input values safe to show in a diagnostic: a value from the database or the cluster
/// file can hold line breaks (which would forge extra diagnostic lines), control characters
/// or megabytes of text. Shown values are quoted, escaped and cut.
public enum DiagnosticText {
    /// Longest stretch of a value a message shows, in characters.
    static let valueLimit = 80
    /// Longest message a diagnostic keeps, in characters.
    static let messageLimit = 1000

    /// `'value'` with control characters, quotes and backslashes escaped (`\n`, `\'`, `\u{7}`);
    /// a long value is cut and its length noted: `'aaaa…' (20000000 characters)`.
    public static func quoted(_ value: some StringProtocol) -> String {
        var text = "'"
        var count = 0
        for character in value {
            if count == valueLimit {
                return text + "…' (\(value.count) characters)"
            }
            text += escaped(character)
            count += 1
        }
        return text + "'"
    }

    /// A whole message made printable on one line: control characters escaped, cut at
    /// `messageLimit` characters with the cut noted. Applied to every diagnostic.
    static func oneLine(_ message: String) -> String {
        let needsWork =
            message.utf8.count > messageLimit
            || message.unicodeScalars.contains {
                $0.value < 0x20 || $0.value == 0x7f || (0x80...0x9f).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}"
            }
        guard needsWork else { return message }
        var text = ""
        var count = 0
        for scalar in message.unicodeScalars {
            if count == messageLimit {
                return text + "… (message cut at \(messageLimit) characters)"
            }
            text += isControl(scalar) ? escaped(scalar) : String(scalar)
            count += 1
        }
        return text
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7f || (0x80...0x9f).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    private static func escaped(_ character: Character) -> String {
        if character == "'" { return "\\'" }
        if character == "\\" { return "\\\\" }
        guard character.unicodeScalars.contains(where: isControl) || character.unicodeScalars.count > 1 && character.isNewline else {
            return String(character)
        }
        return character.unicodeScalars.map(escaped).joined()
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\0": return "\\0"
        default:
            guard isControl(scalar) else { return String(scalar) }
            return "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }
}
