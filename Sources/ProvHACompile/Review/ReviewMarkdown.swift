/// `diff --format markdown`: a review summary for a pull-request comment or a CI job summary. A
/// count line first, the removal guard's verdict and removals where nobody can miss them, a table
/// per node of the objects that changed, the warnings, then the file diff folded and capped.
/// Every value from the database or the cluster file is escaped so that it can neither break the
/// table nor become Markdown or HTML; the diff sits in a fence longer than any backtick run in it.
public enum ReviewMarkdown {
    /// The most diff lines shown; `provha-compile diff` prints them all.
    static let diffLineCap = 400
    /// The most object rows shown per node.
    static let rowCap = 200

    public static func render(_ summary: ReviewSummary, cluster: String) -> String {
        var text = "## provha-compile: cluster \(escape(cluster))\n\n"
        guard !summary.isEmpty else { return text + "No change: the build would write nothing.\n" }
        let files = summary.files, objects = summary.objects
        text += "**\(objects.added) added, \(objects.changed) changed, \(objects.removed) removed** "
        text +=
            "in \(files.added + files.changed + files.removed) files (\(files.added) added, \(files.changed) changed, \(files.removed) removed)\n\n"
        if let refusal = summary.removalRefusal {
            text += "> **Refused:** \(escape(refusal))\n\n"
        }
        if objects.removed > 0 {
            text += "> **\(objects.removed) removed** — read them before you merge.\n\n"
        }
        for node in nodes(of: summary.changes) {
            let rows = summary.changes.filter { $0.node == node }
            text += "### \(escape(node))\n\n| | object | what changed |\n|---|---|---|\n"
            for change in rows.prefix(rowCap) {
                text += "| \(symbol(change.action)) | \(escape(change.kind)) \(escape(change.key)) | \(describe(change)) |\n"
            }
            if rows.count > rowCap { text += "\n… and \(rows.count - rowCap) more on the \(escape(node))\n" }
            text += "\n"
        }
        if !summary.warnings.isEmpty {
            text += "<details><summary>\(summary.warnings.count) warnings</summary>\n\n"
            for warning in summary.warnings { text += "- \(escape(warning))\n" }
            text += "\n</details>\n\n"
        }
        let lines = summary.fileDiff.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let shown = lines.prefix(diffLineCap).joined(separator: "\n")
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: shown) + 1))
        text += "<details><summary>File diff (\(lines.count) lines)</summary>\n\n\(fence)diff\n\(shown)\n\(fence)\n"
        if lines.count > diffLineCap { text += "\n… \(lines.count - diffLineCap) more lines: run `provha-compile diff` for all\n" }
        return text + "\n</details>\n"
    }

    /// Nodes in a fixed order: master, slave, then the rest (the CMTS snippets) by name.
    private static func nodes(of changes: [ReviewSummary.ObjectChange]) -> [String] {
        var seen: [String] = []
        for change in changes where !seen.contains(change.node) { seen.append(change.node) }
        let order = ["master": 0, "slave": 1]
        return seen.sorted { (order[$0] ?? 2, $0) < (order[$1] ?? 2, $1) }
    }

    private static func symbol(_ action: String) -> String {
        switch action {
        case "added": "added"
        case "removed": "**removed**"
        default: "changed"
        }
    }

    private static func describe(_ change: ReviewSummary.ObjectChange) -> String {
        change.fields.map { field in
            switch (field.old, field.new) {
            case let (old?, new?): "\(escape(field.field)): \(escape(old)) → \(escape(new))"
            case let (nil, new?): "\(escape(field.field)): \(escape(new))"
            case let (old?, nil): "\(escape(field.field)): ~~\(escape(old))~~"
            case (nil, nil): escape(field.field)
            }
        }.joined(separator: "; ")
    }

    /// Text as inert Markdown on one line: control characters shown as escapes, HTML's specials as
    /// entities, and every character Markdown or a table reads (`|`, backticks, `*`, `_`, …)
    /// behind a backslash.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n": result += "\\\\n"
            case "\r": result += "\\\\r"
            case "\t": result += " "
            case "\\", "`", "*", "_", "[", "]", "(", ")", "{", "}", "#", "+", "!", "|", "~", "$":
                result += "\\" + String(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
                {
                    result += "\\\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    static func longestBacktickRun(in text: String) -> Int {
        var longest = 0, run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
