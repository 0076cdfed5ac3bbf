import Foundation

/// What a `diff` would change, for people and machines: the files, the objects in them that were
/// added, changed (field by field) or removed, per node, and the removal guard's verdict.
/// `diff --format markdown` and `--format json` print it (`ReviewMarkdown`, `json()`).
public struct ReviewSummary: Encodable {
    /// One field of an object, before and after.
    struct FieldChange: Encodable, Equatable {
        let field: String
        let old: String?
        let new: String?
    }

    /// One object that differs between the tree and the build.
    struct ObjectChange: Encodable, Equatable {
        /// `master`, `slave`, or `cmts` for the CMTS snippets.
        let node: String
        let file: String
        let kind: String
        let key: String
        /// `added`, `changed` or `removed`.
        let action: String
        let fields: [FieldChange]
    }

    struct Counts: Encodable, Equatable {
        var added = 0
        var changed = 0
        var removed = 0
    }

    let files: Counts
    let objects: Counts
    let changes: [ObjectChange]
    /// Why `build` would refuse this (the removal guard), if it would.
    let removalRefusal: String?
    /// The warnings the build gives, as the diagnostics print them.
    let warnings: [String]
    /// The unified diff of every file, secrets masked.
    let fileDiff: String

    private enum CodingKeys: String, CodingKey {
        case files, objects, changes, warnings
        case removalRefusal = "removal_refusal"
    }

    public init(plan: OutputWriter.Plan, warnings: [String]) {
        var changes: [ObjectChange] = []
        for file in plan.added { changes += Self.compare(path: file.path, old: nil, new: file.contents) }
        for change in plan.changed {
            changes += Self.compare(path: change.file.path, old: String(decoding: change.old, as: UTF8.self), new: change.file.contents)
        }
        for stale in plan.removed { changes += Self.compare(path: stale.path, old: String(decoding: stale.old, as: UTF8.self), new: nil) }
        self.changes = changes
        files = Counts(added: plan.added.count, changed: plan.changed.count, removed: plan.removed.count)
        var objects = Counts()
        for change in changes {
            switch change.action {
            case "added": objects.added += 1
            case "removed": objects.removed += 1
            default: objects.changed += 1
            }
        }
        self.objects = objects
        removalRefusal = plan.removalRefusal
        self.warnings = warnings
        fileDiff = plan.text(stat: false, colour: false)
    }

    public var isEmpty: Bool { files.added + files.changed + files.removed == 0 }

    /// The objects of one file that differ between `old` and `new` (nil: the file is new, or goes),
    /// in the order of the new file, then the removed ones in the order of the old.
    static func compare(path: String, old: String?, new: String?) -> [ObjectChange] {
        let node = path.split(separator: "/").first.map(String.init) ?? path
        let before = old.map { ReviewObjects.read(path: path, text: $0) } ?? [:]
        let after = new.map { ReviewObjects.read(path: path, text: $0) } ?? [:]
        var changes: [ObjectChange] = []
        for (key, object) in after.sorted(by: { $0.key < $1.key }) {
            guard let previous = before[key] else {
                changes.append(ObjectChange(node: node, file: path, kind: object.kind, key: key, action: "added", fields: fields(nil, object)))
                continue
            }
            if previous != object {
                changes.append(ObjectChange(node: node, file: path, kind: object.kind, key: key, action: "changed", fields: fields(previous, object)))
            }
        }
        for (key, object) in before.sorted(by: { $0.key < $1.key }) where after[key] == nil {
            changes.append(ObjectChange(node: node, file: path, kind: object.kind, key: key, action: "removed", fields: fields(object, nil)))
        }
        return changes
    }

    /// The fields that differ (all of an added or removed object's).
    private static func fields(_ old: ReviewObject?, _ new: ReviewObject?) -> [FieldChange] {
        var names: [String] = []
        for field in (new?.fields ?? []) + (old?.fields ?? []) where !names.contains(field.name) { names.append(field.name) }
        return names.compactMap { name in
            let before = old?.fields.first { $0.name == name }?.value
            let after = new?.fields.first { $0.name == name }?.value
            return before == after ? nil : FieldChange(field: name, old: before, new: after)
        }
    }

    /// The summary as JSON (sorted keys, so that the same plan gives the same bytes).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
