import Foundation

/// Unified diffs (`--- a`, `+++ b`, `@@` hunks with three lines of context) from the standard
/// library's `CollectionDifference`, with secrets masked before anything is compared.
enum UnifiedDiff {
    /// Every value after the word `secret` or a word ending in `password` hidden, however the
    /// file writes it: quoted or bare (`secret KEY;`, the dhcpd.conf(5) form; `DB_PASSWORD='…'`;
    /// `$database_password = '…';`), any case, any white space or line break between, `=` or `:`
    /// before it; and SQL's `IDENTIFIED BY '…'`. The old side of a diff is a tree anyone may have
    /// edited.
    static func maskSecrets(_ text: String) -> String {
        text.replacingOccurrences(
            of: #"(?i)((?:\bsecret|password)\b"?[\s=:]*)('[^']*'?|"[^"]*"?|[^\s;'"]+)"#, with: #"$1"<masked>""#, options: .regularExpression
        )
        .replacingOccurrences(of: #"(?i)(\bidentified\s+by\s+)('(?:[^']|'')*'?)"#, with: #"$1'<masked>'"#, options: .regularExpression)
    }

    /// The diff of one file, `old` or `new` nil for an added or removed file; empty when equal.
    static func render(path: String, old: String?, new: String?, colour: Bool = false) -> String {
        let oldText = old.map(maskSecrets), newText = new.map(maskSecrets)
        let oldLines = oldText.map(lines) ?? [], newLines = newText.map(lines) ?? []
        var output = header(path: path, old: old, new: new, colour: colour)
        if oldText == newText {
            // Only a secret changed: say so without showing it.
            return old == new ? "" : output + "@@ secret changed (masked) @@\n"
        }
        let operations = script(from: oldLines, to: newLines)
        for hunk in hunks(operations) {
            output += paint("@@ -\(range(hunk.oldStart, hunk.oldCount)) +\(range(hunk.newStart, hunk.newCount)) @@", "\u{1B}[36m", colour) + "\n"
            for operation in operations[hunk.operations] {
                switch operation {
                case let .keep(line): output += " \(line)\n"
                case let .remove(line): output += paint("-\(line)", "\u{1B}[31m", colour) + "\n"
                case let .insert(line): output += paint("+\(line)", "\u{1B}[32m", colour) + "\n"
                }
            }
        }
        return output
    }

    private static func header(path: String, old: String?, new: String?, colour: Bool) -> String {
        let from = old == nil ? "/dev/null" : "a/\(path)"
        let to = new == nil ? "/dev/null" : "b/\(path)"
        return paint("--- \(from)\n+++ \(to)", "\u{1B}[1m", colour) + "\n"
    }

    private static func paint(_ text: String, _ code: String, _ colour: Bool) -> String {
        colour ? code + text + "\u{1B}[0m" : text
    }

    private static func lines(_ text: String) -> [Substring] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false)
        if result.last == "" { result.removeLast() }
        return result
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
    }

    enum Operation {
        case keep(Substring), remove(Substring), insert(Substring)
    }

    /// An edit script: the old lines in order, each kept or removed, with insertions between.
    static func script(from old: [Substring], to new: [Substring]) -> [Operation] {
        let difference = new.difference(from: old)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case let .remove(offset, _, _): removed.insert(offset)
            case let .insert(offset, _, _): inserted.insert(offset)
            }
        }
        var operations: [Operation] = []
        var oldIndex = 0, newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, removed.contains(oldIndex) {
                operations.append(.remove(old[oldIndex]))
                oldIndex += 1
            } else if newIndex < new.count, inserted.contains(newIndex) {
                operations.append(.insert(new[newIndex]))
                newIndex += 1
            } else {
                operations.append(.keep(old[oldIndex]))
                oldIndex += 1
                newIndex += 1
            }
        }
        return operations
    }

    struct Hunk {
        var operations: Range<Int>
        var oldStart: Int, oldCount: Int, newStart: Int, newCount: Int
    }

    /// Groups changes with up to three lines of context around them; close groups merge.
    static func hunks(_ operations: [Operation], context: Int = 3) -> [Hunk] {
        let changed = operations.indices.filter { if case .keep = operations[$0] { return false } else { return true } }
        var ranges: [Range<Int>] = []
        for index in changed {
            let range = max(0, index - context)..<min(operations.count, index + context + 1)
            if let last = ranges.last, range.lowerBound <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
            } else {
                ranges.append(range)
            }
        }
        // Line numbers at each operation: count what precedes it.
        var oldLine = 1, newLine = 1, position = 0
        return ranges.map { range in
            while position < range.lowerBound {
                advance(operations[position], &oldLine, &newLine)
                position += 1
            }
            var hunk = Hunk(operations: range, oldStart: oldLine, oldCount: 0, newStart: newLine, newCount: 0)
            for operation in operations[range] {
                switch operation {
                case .keep:
                    hunk.oldCount += 1
                    hunk.newCount += 1
                case .remove: hunk.oldCount += 1
                case .insert: hunk.newCount += 1
                }
            }
            return hunk
        }
    }

    private static func advance(_ operation: Operation, _ oldLine: inout Int, _ newLine: inout Int) {
        switch operation {
        case .keep:
            oldLine += 1
            newLine += 1
        case .remove: oldLine += 1
        case .insert: newLine += 1
        }
    }
}
