/// Text from the database shown in a comment of a generated file (a CMTS's company and model
/// in its snippet): one line of printable ASCII, whatever the value holds, so that no line
/// break can turn a value into a command an engineer pastes into a router.
enum CommentSyntax {
    /// Longest value a comment shows, in characters.
    static let limit = 80

    /// The value with every character outside printable ASCII written as `\u{…}` (`\n` for a
    /// line break), cut at `limit` characters with `…`.
    static func safe(_ value: String) -> String {
        var text = ""
        for (count, scalar) in value.unicodeScalars.enumerated() {
            if count == limit { return text + "…" }
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value >= 0x20 && scalar.value < 0x7f: text.unicodeScalars.append(scalar)
            default: text += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return text
    }
}
