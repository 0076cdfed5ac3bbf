/// What NMS Prime's database names and passwords may be, and how each set-up file quotes them:
/// dotenv (Laravel's phpdotenv), SQL (MariaDB) and PHP (Cacti's db.php). A value is checked once,
/// by the validator at its location, against the set every one of these files can hold
/// literally; the quoting below is then exact for that set and still safe beyond it.
enum DatabaseSyntax {
    /// A MariaDB user or database name as NMS Prime's packages make them: 1–64 letters, digits
    /// and `_` (MariaDB allows more; these need no quoting anywhere).
    static func problemInName(_ name: String) -> String? {
        guard (1...64).contains(name.utf8.count), name.utf8.allSatisfy(isNameByte) else {
            return "must be 1–64 letters, digits and '_' (as NMS Prime's packages name users and databases)"
        }
        return nil
    }

    /// A password: 1–128 printable ASCII characters without white space, quotes, backslash, `$`
    /// or backtick — phpdotenv expands `${…}` and escapes in double quotes and ends a value at
    /// white space or `#`, a shell that sources an env file reads `$` and backticks.
    static func problemInPassword(_ password: String) -> String? {
        guard (1...128).contains(password.utf8.count) else { return "must be 1–128 characters long" }
        guard password.utf8.allSatisfy({ (0x21...0x7E).contains($0) && !forbiddenPasswordBytes.contains($0) }) else {
            return
                "may only hold printable ASCII without white space, quotes, backslash, '$' or '`' (NMS Prime's env files cannot hold them literally)"
        }
        return nil
    }

    private static let forbiddenPasswordBytes: Set<UInt8> = Set("'\"\\$`".utf8)

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
    }

    /// A single-quoted SQL string: `'` doubled, `\` doubled (MariaDB reads backslash escapes in
    /// strings unless NO_BACKSLASH_ESCAPES is set; doubled it is literal in both modes).
    static func sqlString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A back-quoted SQL identifier, a back quote doubled.
    static func sqlIdentifier(_ name: String) -> String { "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }

    /// A single-quoted PHP string: only `\` and `'` are escapes there.
    static func phpString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// A dotenv value in single quotes, which phpdotenv takes literally (no `${…}`, no escapes);
    /// it cannot hold a `'`, which `problemInPassword` and `problemInName` keep out.
    static func dotenvValue(_ text: String) -> String { "'\(text)'" }
}
