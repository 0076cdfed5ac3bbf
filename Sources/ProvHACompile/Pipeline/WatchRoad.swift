import Foundation

/// `watch`: one cycle of the node's rebuild loop, as NMS Prime's `RebuildSlaveConfigCommand`
/// runs it every minute on the slave. It reads the database's fingerprint (`DatabaseFingerprint`:
/// a few aggregate queries, not the database) and the cluster file's digest, and runs `apply`
/// when they differ from
/// the last applied one, when the `provha` row's `slave_config_rebuild_interval` (default 3600 s)
/// has passed, or on its first cycle. A database that cannot be reached changes nothing. The
/// fingerprint is read before `apply` reads the database, so a change between the two is applied
/// (again, harmlessly) on the next cycle, never missed.
extension CompilerPipeline {
    /// What a cycle did, with its one log line.
    public struct WatchCycle {
        public enum Outcome: Equatable {
            case nothingChanged, applied, unchanged, rolledBack, failed, unreachable
        }

        public let outcome: Outcome
        public let line: String
    }

    /// Where `watch` keeps what it applied last, under the root.
    static let watchStatePath = (TreeLayout.liveRoot.stateFolder ?? "") + "/watch-state.json"

    /// What the last applying cycle saw.
    struct WatchState: Codable, Equatable {
        var fingerprint: DatabaseFingerprint
        /// Seconds since 1970 when it applied.
        var appliedAt: Int
    }

    public func watchCycle(_ input: Input, options: ApplyOptions, now: Date = Date()) -> WatchCycle {
        let scratch = DiagnosticCollector()
        guard let config = ClusterFileReader(diagnostics: scratch).read(path: input.clusterFile),
            let source = input.snapshotOverride ?? config.snapshot?.value
        else {
            _ = validatedModel(input)  // reports why, located
            return WatchCycle(outcome: .failed, line: "the cluster file cannot be read; nothing applied")
        }
        var fingerprint: DatabaseFingerprint
        do {
            fingerprint = try DatabaseFingerprint.read(source, environment: input.environment)
            // A new cluster file is a change too.
            fingerprint.tables["cluster file"] = config.sourceDigest
        } catch {
            return WatchCycle(outcome: .unreachable, line: "the database cannot be reached (\(error)); the running configuration stays")
        }
        let statePath = (options.root as NSString).appendingPathComponent(Self.watchStatePath)
        let previous = FileManager.default.contents(atPath: statePath).flatMap { try? JSONDecoder().decode(WatchState.self, from: $0) }
        let interval = max(60, fingerprint.rebuildInterval ?? 3600)
        let reason: String
        if let previous {
            let changed = Set(previous.fingerprint.tables.keys).union(fingerprint.tables.keys)
                .filter { previous.fingerprint.tables[$0] != fingerprint.tables[$0] }.sorted()
            let age = Int(now.timeIntervalSince1970) - previous.appliedAt
            if !changed.isEmpty {
                reason = "the database changed (\(changed.joined(separator: ", ")))"
            } else if previous.fingerprint.rebuildInterval != fingerprint.rebuildInterval {
                reason = "the rebuild interval changed"
            } else if age >= interval {
                reason = "\(age) s since the last apply (rebuild interval \(interval) s)"
            } else {
                return WatchCycle(outcome: .nothingChanged, line: "nothing changed since the apply \(age) s ago")
            }
        } else {
            reason = "no apply recorded yet"
        }
        var applyInput = input
        applyInput.snapshotOverride = source
        let outcome: WatchCycle.Outcome
        let result: String
        switch apply(applyInput, options: options) {
        case let .unchanged(count):
            (outcome, result) = (.unchanged, "\(count) files already current, nothing reloaded")
        case let .applied(summary, reloads):
            let reloaded = reloads.map(\.service.rawValue).joined(separator: ", ")
            (outcome, result) = (
                .applied,
                "applied: \(summary.written.count) written, \(summary.removed.count) removed, reloaded \(reloaded.isEmpty ? "nothing" : reloaded)"
            )
        case .rolledBack:
            (outcome, result) = (.rolledBack, "a reload failed; the previous files are back (see the errors); retried when the database changes")
        case .failed:
            return WatchCycle(outcome: .failed, line: "\(reason); nothing applied (see the errors); retried next cycle")
        }
        let state = WatchState(fingerprint: fingerprint, appliedAt: Int(now.timeIntervalSince1970))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let text = String(decoding: try encoder.encode(state), as: UTF8.self) + "\n"
            try OutputWriter.replaceFile(at: statePath, with: text)
        } catch {
            return WatchCycle(outcome: outcome, line: "\(reason); \(result); but the watch state could not be saved (\(error))")
        }
        return WatchCycle(outcome: outcome, line: "\(reason); \(result)")
    }
}
