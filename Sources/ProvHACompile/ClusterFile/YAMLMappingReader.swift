import Yams

/// Reads one YAML mapping key by key, reporting each problem with its line and column:
/// wrong types, missing required keys and unknown keys (with a "did you mean" hint).
struct YAMLMappingReader {
    let node: Node
    let mapping: Node.Mapping
    /// Dotted path of this mapping in the file, for messages (`failover`, `nodes.master`).
    let keyPath: String
    let file: String
    let diagnostics: DiagnosticCollector

    /// Reads `node` as a mapping, or reports that it is not one and returns nil.
    init?(_ node: Node, keyPath: String, file: String, diagnostics: DiagnosticCollector) {
        self.node = node
        self.keyPath = keyPath
        self.file = file
        self.diagnostics = diagnostics
        guard let mapping = node.mapping else {
            diagnostics.error(
                "\(keyPath.isEmpty ? "the cluster file" : "\(DiagnosticText.quoted(keyPath))") must be a mapping, found \(Self.describe(node))",
                at: Self.location(of: node, in: file))
            return nil
        }
        self.mapping = mapping
    }

    static func location(of node: Node, in file: String) -> SourceLocation {
        let mark = node.mark
        return .file(path: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func location(of node: Node) -> SourceLocation { Self.location(of: node, in: file) }

    private func qualified(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    /// Reports keys that are not in `known`, suggesting the nearest known key.
    func rejectUnknownKeys(_ known: [String]) {
        for (key, _) in mapping {
            guard let name = key.string else {
                diagnostics.error("keys in \(DiagnosticText.quoted(keyPath)) must be strings", at: location(of: key))
                continue
            }
            guard !known.contains(name) else { continue }
            var message = "unknown key \(DiagnosticText.quoted(qualified(name)))"
            if let suggestion = Spelling.nearest(to: name, among: known) {
                message += "; did you mean \(DiagnosticText.quoted(suggestion))?"
            }
            diagnostics.error(message, at: location(of: key))
        }
    }

    func keyNode(_ key: String) -> Node? { mapping.first { $0.key.string == key }?.key }

    /// Reports a missing required key at the mapping's own position.
    func required(_ key: String) -> Node? {
        if let value = mapping[key] { return value }
        diagnostics.error("missing required key \(DiagnosticText.quoted(qualified(key)))", at: location(of: node))
        return nil
    }

    /// A string value; an empty or blank one is an error at its line (no key takes one: an empty
    /// path would name the cluster file's folder, an empty name nothing).
    func string(_ key: String, required isRequired: Bool = false) -> Located<String>? {
        guard let value = isRequired ? required(key) : mapping[key] else { return nil }
        guard case let .scalar(scalar) = value, value.tagName == .str else {
            typeError(key, expected: "a string", found: value)
            return nil
        }
        guard scalar.string.contains(where: { !$0.isWhitespace }) else {
            diagnostics.error(
                "\(DiagnosticText.quoted(qualified(key))) must not be empty, found \(DiagnosticText.quoted(scalar.string))", at: location(of: value))
            return nil
        }
        return Located(scalar.string, at: location(of: value))
    }

    /// An integer within the range `IntegerLimits.clusterFile` gives its key; outside it, or too
    /// large for any integer type, an error at the value and nil, so that no later arithmetic
    /// sees it.
    func integer(_ key: String, required isRequired: Bool = false) -> Located<Int>? {
        guard let value = isRequired ? required(key) : mapping[key] else { return nil }
        guard value.tagName == .int, case let .scalar(scalar) = value else {
            typeError(key, expected: "an integer", found: value)
            return nil
        }
        let limit = IntegerLimits.clusterFile[qualified(key)]
        let reading = YAMLInteger.read(scalar.string)
        if reading == .sexagesimal {
            diagnostics.error(
                "\(DiagnosticText.quoted(qualified(key))) is written in base 60 (\(DiagnosticText.quoted(scalar.string))); write it as a decimal number",
                at: location(of: value))
            return nil
        }
        guard case let .value(number) = reading, limit?.range.contains(number) ?? true else {
            let bounds = limit.map { "be \(IntegerLimits.describe($0))" } ?? "fit in 64 bits"
            diagnostics.error("\(DiagnosticText.quoted(qualified(key))) must \(bounds), found \(scalar.string)", at: location(of: value))
            return nil
        }
        return Located(number, at: location(of: value))
    }

    func mappingReader(_ key: String, required isRequired: Bool = false) -> YAMLMappingReader? {
        guard let value = isRequired ? required(key) : mapping[key] else { return nil }
        return YAMLMappingReader(value, keyPath: qualified(key), file: file, diagnostics: diagnostics)
    }

    func sequence(_ key: String) -> [Node]? {
        guard let value = mapping[key] else { return nil }
        guard let items = value.sequence else {
            typeError(key, expected: "a list", found: value)
            return nil
        }
        return Array(items)
    }

    func typeError(_ key: String, expected: String, found node: Node) {
        diagnostics.error("\(DiagnosticText.quoted(qualified(key))) must be \(expected), found \(Self.describe(node))", at: location(of: node))
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            switch node.tagName {
            case .null: return "nothing (null)"
            case .int: return "the integer \(scalar.string)"
            case .float: return "the number \(scalar.string)"
            case .bool: return "the boolean \(scalar.string)"
            default: return "the string \(DiagnosticText.quoted(scalar.string))"
            }
        }
    }
}

/// Edit distance for "did you mean" hints.
enum Spelling {
    /// The known word closest to `word`, if it is close enough to be a likely typo.
    static func nearest(to word: String, among known: [String]) -> String? {
        let scored = known.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(1, min(3, best.0.count / 3))
        return best.1 <= limit ? best.0 : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Node {
    /// The resolved YAML tag (`str`, `int`, `null`, …) of this node.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
