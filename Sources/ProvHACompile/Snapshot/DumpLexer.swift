/// The lexical layer of the dump parser: words, white space and comments, quoted strings and
/// identifiers, and skipping what the compiler does not read, all on the byte stream.
extension DumpParser {
    func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x09 || byte == 0x0d || byte == 0x0c
    }

    func readWord() -> String {
        scratch.removeAll(keepingCapacity: true)
        _ = stream.take(into: &scratch) { [self] in !isWordByte($0) }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Skips white space and `--`, `#` and `/* */` comments (MySQL's `/*! */` conditional
    /// comments hold only session settings in a dump, and are skipped with them). A `-` or `/`
    /// that starts no comment is left to the caller: `-3` is a value.
    func skipSpaceAndComments() throws {
        while let byte = stream.peek() {
            if isSpace(byte) {
                _ = stream.next()
            } else if byte == UInt8(ascii: "#") {
                _ = stream.skip { $0 == 0x0a }
            } else if byte == UInt8(ascii: "-"), stream.peekSecond() == UInt8(ascii: "-") {
                _ = stream.skip { $0 == 0x0a }
            } else if byte == UInt8(ascii: "/"), stream.peekSecond() == UInt8(ascii: "*") {
                let start = position
                _ = stream.next()
                try skipBlockComment(from: start)
            } else {
                return
            }
        }
    }

    /// Skips a `/* … */` comment whose `/` has been consumed and whose `*` is next.
    func skipBlockComment(from start: Position) throws {
        _ = stream.next()
        while true {
            guard stream.skip(until: { $0 == UInt8(ascii: "*") }) else {
                throw fail("unterminated comment (the dump is truncated?)", at: start)
            }
            _ = stream.next()
            if stream.peek() == UInt8(ascii: "/") {
                _ = stream.next()
                return
            }
        }
    }

    /// Skips a quoted string, identifier or name whose opening quote is next.
    func skipQuoted(from start: Position) throws {
        guard let quote = stream.next() else { return }
        let backslashEscapes = quote != UInt8(ascii: "`")
        while true {
            guard stream.skip(until: { $0 == quote || (backslashEscapes && $0 == UInt8(ascii: "\\")) }),
                let byte = stream.next()
            else {
                throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
            }
            if byte == UInt8(ascii: "\\") {
                guard stream.next() != nil else {
                    throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
                }
            } else if stream.peek() == quote {
                _ = stream.next()  // doubled quote stands for itself
            } else {
                return
            }
        }
    }

    /// Reads a quoted string whose opening quote is next, undoing MySQL's escapes.
    func readQuoted(from start: Position) throws -> String {
        guard let quote = stream.next() else { return "" }
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard stream.take(into: &scratch, until: { $0 == quote || $0 == UInt8(ascii: "\\") }),
                let byte = stream.next()
            else {
                throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
            }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = stream.next() else {
                    throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
                }
                switch escaped {
                case UInt8(ascii: "0"): scratch.append(0)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "n"): scratch.append(0x0a)
                case UInt8(ascii: "r"): scratch.append(0x0d)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "Z"): scratch.append(0x1a)
                case UInt8(ascii: "%"), UInt8(ascii: "_"): scratch.append(contentsOf: [UInt8(ascii: "\\"), escaped])
                default: scratch.append(escaped)
                }
            } else if stream.peek() == quote {
                _ = stream.next()
                scratch.append(quote)
            } else {
                return String(decoding: scratch, as: UTF8.self)
            }
        }
    }

    /// Reads an identifier: backquoted (`` `a``b` ``) or bare; for `db`.`table` the last part.
    func readIdentifier() throws -> String {
        try skipSpaceAndComments()
        var name: String
        let start = position
        if stream.peek() == UInt8(ascii: "`") {
            _ = stream.next()
            scratch.removeAll(keepingCapacity: true)
            while true {
                guard stream.take(into: &scratch, until: { $0 == UInt8(ascii: "`") }) else {
                    throw fail("unexpected end of file inside an identifier", at: start)
                }
                _ = stream.next()
                guard stream.peek() == UInt8(ascii: "`") else { break }
                _ = stream.next()
                scratch.append(UInt8(ascii: "`"))
            }
            name = String(decoding: scratch, as: UTF8.self)
        } else {
            name = readWord()
            guard !name.isEmpty else { throw fail("expected a name", at: start) }
        }
        if stream.peek() == UInt8(ascii: ".") {
            _ = stream.next()
            name = try readIdentifier()
        }
        return name
    }

    /// Consumes the rest of a statement up to and including its `;`, minding quotes and comments.
    func skipStatement(from start: Position) throws {
        while true {
            let found = stream.skip {
                $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"")
                    || $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "/")
            }
            guard found, let byte = stream.peek() else {
                throw fail("unexpected end of file inside a statement (the dump is truncated?)", at: start)
            }
            switch byte {
            case UInt8(ascii: ";"):
                _ = stream.next()
                return
            case UInt8(ascii: "/"):
                let slash = position
                _ = stream.next()
                if stream.peek() == UInt8(ascii: "*") { try skipBlockComment(from: slash) }
            default:
                try skipQuoted(from: position)
            }
        }
    }

    /// Skips one item of a parenthesised list up to (not past) a `,` or `)` at depth 0.
    func skipListItem(from start: Position) throws {
        var depth = 0
        while true {
            let found = stream.skip {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")")
                    || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "`")
            }
            guard found, let byte = stream.peek() else {
                throw fail("unexpected end of file inside CREATE TABLE (the dump is truncated?)", at: start)
            }
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                _ = stream.next()
            case UInt8(ascii: ")"):
                if depth == 0 { return }
                depth -= 1
                _ = stream.next()
            case UInt8(ascii: ","):
                if depth == 0 { return }
                _ = stream.next()
            default:
                try skipQuoted(from: position)
            }
        }
    }

    func expect(_ byte: UInt8, _ what: String) throws {
        try skipSpaceAndComments()
        let at = position
        guard stream.next() == byte else { throw fail("expected \(what)", at: at) }
    }
}
