/// What may stand in ISC dhcpd's configuration language, for the values that reach it from
/// the database or the cluster file. Names and addresses are proven safe by their own types
/// (`DNSName`, `IPv4Address`, `MACAddress`); free text passes through here.
enum DHCPDSyntax {
    /// Problem with a value that is written inside a dhcpd string (`"…"`), nil when it is
    /// safe there: printable ASCII without the quote and the backslash, 1–255 bytes.
    static func problemInString(_ value: String) -> String? {
        guard (1...255).contains(value.utf8.count) else { return "must hold 1 to 255 characters" }
        guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            return "may hold only printable ASCII without '\"' and '\\'"
        }
        return nil
    }

    /// Statements that would reach outside the subnet they are pasted into: they read files,
    /// run programs, or declare what only the top level may declare.
    static let forbiddenStatements: Set<String> = [
        "include", "subnet", "subnet6", "shared-network", "failover", "key", "omapi-key", "omapi-port",
        "zone", "class", "subclass", "on", "authoritative", "ddns-update-style",
    ]

    /// Problem with free dhcpd statements pasted verbatim into a subnet (NMS Prime's
    /// `ippool.optional`), nil when they are safe there. The text is tokenized the way dhcpd
    /// reads it — strings with backslash escapes, `#` comments to the end of the line, braces,
    /// semicolons — and must be a sequence of complete statements (`…;` or `… { … }`) whose
    /// braces stay inside the text, none of them forbidden, no `execute` anywhere.
    static func problemInStatements(_ text: String) -> String? {
        var depth = 0
        var statementTokens = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" || scalar.value == 0x7f
            {
                return "holds the control character \(DiagnosticText.quoted(String(character)))"
            }
            switch character {
            case "#":
                index = text[index...].firstIndex(where: \.isNewline) ?? text.endIndex
                continue
            case "\"":
                guard let end = endOfString(in: text, openingAt: index) else { return "a string is not closed on its line" }
                index = end
                statementTokens += 1
                continue
            case "{":
                guard statementTokens > 0 else { return "a '{' opens a block without a statement" }
                depth += 1
                statementTokens = 0
            case "}":
                guard depth > 0 else { return "a '}' closes a block it did not open" }
                guard statementTokens == 0 else { return "a statement before '}' is not ended with ';'" }
                depth -= 1
            case ";":
                guard statementTokens > 0 else { return "an empty statement (';' alone)" }
                statementTokens = 0
            case _ where character.isWhitespace || character.isNewline:
                break
            case _ where !isWordCharacter(character):
                // Punctuation of expressions: ( ) , = ! & | + ~ … one token each.
                statementTokens += 1
            default:
                let end = text[index...].firstIndex { !isWordCharacter($0) } ?? text.endIndex
                let word = text[index..<end]
                if word.lowercased() == "execute" {
                    return "'execute' would run a program on the DHCP server"
                }
                if statementTokens == 0 {
                    if forbiddenStatements.contains(word.lowercased()) {
                        return "the statement \(DiagnosticText.quoted(word)) does not belong inside a subnet"
                    }
                }
                statementTokens += 1
                index = end
                continue
            }
            index = text.index(after: index)
        }
        if depth > 0 { return "a '{' is not closed" }
        if statementTokens > 0 { return "the last statement is not ended with ';'" }
        return nil
    }

    /// Characters of dhcpd's names and numbers (`option`, `agent.remote-id`, `10.0.0.1`, `1:2:3`).
    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "-_.:".contains(character))
    }

    /// The index after the closing quote of the string opening at `start`; nil when the line
    /// or the text ends first. A backslash escapes the next character, as in dhcpd.
    private static func endOfString(in text: String, openingAt start: String.Index) -> String.Index? {
        var index = text.index(after: start)
        while index < text.endIndex {
            let character = text[index]
            if character.isNewline { return nil }
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex, !text[index].isNewline else { return nil }
            } else if character == "\"" {
                return text.index(after: index)
            }
            index = text.index(after: index)
        }
        return nil
    }
}
