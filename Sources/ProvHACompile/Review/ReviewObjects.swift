/// The objects a generated file describes, read back from its text, so that a review names what
/// changed (a modem by its MAC, a pool by its `ippool` id, a DNS record by its owner) instead of
/// lines. The compiler wrote these files, so each kind's form is known; a file of another kind
/// is read as its lines. Secrets are masked before anything is read.
struct ReviewObject: Equatable {
    /// "modem", "MTA", "endpoint", "host", "pool", "DNS record", "CMTS line", "line".
    let kind: String
    /// What identifies it across two versions: a MAC, `ippool 3 (CM)`, `owner A`, the line.
    let key: String
    /// Its properties in the file's order (`name`, `filename`, `fixed-address`, …).
    let fields: [(name: String, value: String)]

    static func == (left: ReviewObject, right: ReviewObject) -> Bool {
        left.kind == right.kind && left.key == right.key && left.fields.elementsEqual(right.fields) { $0 == $1 }
    }
}

enum ReviewObjects {
    /// The objects of the file at `path` (relative to the tree: `master/etc/…`, `cmts/…`), by key.
    static func read(path: String, text: String) -> [String: ReviewObject] {
        let lines = UnifiedDiff.maskSecrets(text).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let objects: [ReviewObject]
        if name.hasSuffix("-host.conf") {
            objects = hosts(lines, kind: hostKind(name))
        } else if path.contains("/cmts_gws/") {
            objects = pools(lines)
        } else if name == "static-records" {
            objects = records(lines)
        } else if path.hasPrefix("cmts/") {
            objects = plainLines(lines, kind: "CMTS line")
        } else {
            objects = plainLines(lines, kind: "line")
        }
        var byKey: [String: ReviewObject] = [:]
        for object in objects where byKey[object.key] == nil { byKey[object.key] = object }
        return byKey
    }

    private static func hostKind(_ file: String) -> String {
        switch file {
        case "modems-host.conf": "modem"
        case "mtas-host.conf": "MTA"
        case "endpoints-host.conf": "endpoint"
        default: "host"
        }
    }

    /// `host NAME { hardware ethernet MAC; STATEMENT; … }`, one per line: keyed by the MAC (by the
    /// name for a host without one); each statement a field named by its keyword(s).
    static func hosts(_ lines: [String], kind: String) -> [ReviewObject] {
        lines.compactMap { line in
            guard line.hasPrefix("host "), let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}"), open < close else {
                return nil
            }
            let name = line[line.index(line.startIndex, offsetBy: 5)..<open].trimmingCharacters(in: .whitespaces)
            var fields: [(name: String, value: String)] = [("name", name)]
            var mac: String?
            for statement in line[line.index(after: open)..<close].split(separator: ";") {
                let words = statement.split(separator: " ").map(String.init)
                guard let first = words.first else { continue }
                if words.count == 3, first == "hardware" {
                    mac = words[2]
                    continue
                }
                let keywords = first == "option" && words.count > 2 ? 2 : 1
                let value = words.dropFirst(keywords).joined(separator: " ")
                let unquoted = value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : value
                fields.append((words.prefix(keywords).joined(separator: " "), unquoted))
            }
            return ReviewObject(kind: kind, key: mac ?? name, fields: fields)
        }
    }

    /// Each `pool { … }` after its `# ippool id N (TYPE)` comment: its ranges and other
    /// statements. The subnet's own lines are read as lines.
    static func pools(_ lines: [String]) -> [ReviewObject] {
        var objects: [ReviewObject] = []
        var pool: (key: String, ranges: [String], statements: [String], depth: Int)?
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if var current = pool {
                if line == "{" {
                    current.depth += 1
                } else if line == "}" {
                    current.depth -= 1
                } else if line.hasPrefix("range ") {
                    current.ranges.append(String(line.dropFirst(6).dropLast()))
                } else if current.depth > 0 {
                    current.statements.append(line)
                }
                pool = current
                if current.depth == 0 && line == "}" {
                    objects.append(
                        ReviewObject(
                            kind: "pool", key: current.key,
                            fields: [("ranges", current.ranges.joined(separator: ", ")), ("statements", current.statements.joined(separator: " "))]))
                    pool = nil
                }
                continue
            }
            if line.hasPrefix("# ippool id ") {
                pool = (String(line.dropFirst(2)), [], [], 0)
            } else if !line.hasPrefix("#"), line != "{", line != "}", line != "pool" {
                objects.append(ReviewObject(kind: "line", key: line, fields: []))
            }
        }
        return objects
    }

    /// `zone owner ttl type data`: keyed by owner and type, the data (all of a set) its field.
    static func records(_ lines: [String]) -> [ReviewObject] {
        var sets: [String: [String]] = [:]
        var order: [String] = []
        for line in lines where !line.hasPrefix("#") {
            let words = line.split(separator: " ", maxSplits: 4).map(String.init)
            guard words.count == 5 else { continue }
            let key = "\(words[1]) \(words[3])"
            if sets[key] == nil { order.append(key) }
            sets[key, default: []].append(words[4])
        }
        return order.map { ReviewObject(kind: "DNS record", key: $0, fields: [("data", (sets[$0] ?? []).sorted().joined(separator: ", "))]) }
    }

    /// Every line but comments, as an object of its own: added or removed, never changed.
    static func plainLines(_ lines: [String], kind: String) -> [ReviewObject] {
        lines.filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { ReviewObject(kind: kind, key: $0.trimmingCharacters(in: .whitespaces), fields: []) }
    }
}
