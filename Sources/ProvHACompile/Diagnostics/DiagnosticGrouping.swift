/// Warnings at scale: a large database with ordinary cruft yields thousands of warnings of a few
/// kinds. The text output shows the first few of each kind and then one line with the count;
/// `--verbose` and `--diagnostics-format json` keep every one.
public enum DiagnosticGrouping {
    /// How many warnings of one kind are shown before the rest are counted.
    static let shownPerKind = 5

    /// `diagnostics` with the warnings of each kind after the first `shownPerKind` replaced by one
    /// warning, in the place of the first one left out, that counts them. Errors and notes stay.
    public static func grouped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var counts: [String: Int] = [:]
        for diagnostic in diagnostics where diagnostic.severity == .warning { counts[kind(of: diagnostic), default: 0] += 1 }
        guard counts.values.contains(where: { $0 > shownPerKind }) else { return diagnostics }
        var seen: [String: Int] = [:]
        var result: [Diagnostic] = []
        for diagnostic in diagnostics {
            guard diagnostic.severity == .warning else {
                result.append(diagnostic)
                continue
            }
            let kind = kind(of: diagnostic)
            let index = seen[kind, default: 0]
            seen[kind] = index + 1
            if index < shownPerKind {
                result.append(diagnostic)
            } else if index == shownPerKind, let total = counts[kind] {
                let more = total - shownPerKind
                result.append(.warning("… and \(more) more like the one before (\(kind)); --verbose lists all", at: diagnostic.location.wholeSource))
            }
        }
        return result
    }

    /// A warning's kind: its message with quoted values blanked to `'…'` and each word holding
    /// a digit (an id, an address, a key naming a CMTS such as `cmts.cmts-zwickau-44.vendor`)
    /// blanked to `N`, the punctuation around it kept.
    static func kind(of diagnostic: Diagnostic) -> String {
        var kind = ""
        var word = ""
        var inQuote = false
        var previous: Character = " "
        func endWord() {
            if word.contains(where: \.isNumber) {
                let opening = word.prefix { "([{".contains($0) }
                let closing = word.reversed().prefix { ",;:)]}".contains($0) }
                kind += opening + "N" + String(closing.reversed())
            } else {
                kind += word
            }
            word = ""
        }
        for character in diagnostic.message {
            if character == "'", previous != "\\" {
                inQuote.toggle()
                if inQuote {
                    endWord()
                    kind += "'…'"
                }
            } else if !inQuote {
                if character == " " {
                    endWord()
                    kind.append(character)
                } else {
                    word.append(character)
                }
            }
            previous = character
        }
        endWord()
        return kind
    }
}

extension SourceLocation {
    /// The input this location lies in, as a whole: the summary of many rows names the source.
    var wholeSource: SourceLocation {
        switch self {
        case let .file(path, _, _): return .input(path: path)
        case let .row(source, _, _): return .input(path: source)
        case .input: return self
        }
    }
}
