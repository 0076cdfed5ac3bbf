import Foundation

/// `provha-compile kea-hosts`: the live road of `dhcp.kea_reservations: database`. It brings
/// the global hw-address hosts of a Kea host database (schema 14) to the model's set
/// (`KeaHostRow`) and writes only what differs, in one transaction: hosts that went are
/// deleted, new and changed ones upserted, their `host-name` option rows kept in step — with
/// the statements `kea-hosts.sql` uses (`KeaHostsStatements`).
///
/// It does not read every host: it compares the model's slices with the digests the last
/// write left in `provha_kea_host_slices` (`KeaHostSlices`) and reads back only the hosts of
/// slices that differ; without that table (or with `full`) it reads every host and writes the
/// table. A removal of more than the guard's share of the hosts is refused unless forced, as
/// `build` refuses one of the tree. The user needs SELECT, INSERT, UPDATE and DELETE on
/// `hosts`, `dhcp4_options` and `provha_kea_host_slices`, and CREATE for the latter's first
/// write (the nodes' own user is read-only).
public struct KeaHostsWriter {
    /// What a write changed (or, dry, would change), and how many slices it read back.
    public struct Outcome: Sendable, Equatable {
        public let added: Int
        public let changed: Int
        public let removed: Int
        public let unchanged: Int
        /// Slices whose hosts were read back, of all slices (equal when every host was read).
        public let slicesRead: Int
        public let slices: Int
    }

    /// Statements of at most this many identifiers.
    static let batch = 1000
    /// More differing slices than this, and every host is read in one query instead.
    static let rangedReadLimit = 64

    let connection: MariaDBConnection
    /// Hosts per slice when slices are cut: `KeaHostSlices.size`, as the SQL file cuts them (tests cut small ones).
    let sliceSize: Int

    /// Connects to the first endpoint of `target` that answers; nil (reported, with the
    /// server's reason) when none does.
    public init?(
        _ target: DatabaseTarget, environment: [String: String], diagnostics: DiagnosticCollector, sliceSize: Int? = nil
    ) {
        self.sliceSize = sliceSize ?? KeaHostSlices.size
        let password = LiveDatabase.password(for: target, environment: environment)
        guard let (connection, _) = MariaDBConnection.firstAnswering(target, password: password, diagnostics: diagnostics) else { return nil }
        self.connection = connection
    }

    /// Brings the database's hosts to `model`'s set; `dryRun` only counts; `full` compares
    /// every host whatever the slice digests say.
    public func write(
        _ model: ClusterModel, guard removalGuard: Int = 30, force: Bool = false, dryRun: Bool = false, full: Bool = false
    ) throws
        -> Outcome
    {
        var version: [String?] = []
        try connection.query("SELECT version, minor FROM schema_version LIMIT 1") { version = $0 }
        guard version.first == String(KeaHostsDatabase.schemaVersion) else {
            throw Refusal(
                message:
                    "the Kea host database has schema \(version.compactMap { $0 }.joined(separator: ".")), not \(KeaHostsDatabase.schemaVersion).x (Kea 2.2): nothing was written"
            )
        }
        // DDL commits implicitly: before the transaction, and not on a dry run.
        if !dryRun { try connection.execute(KeaHostSlices.createTable) }
        let wanted = KeaHostRow.rows(of: model)
        try connection.execute("START TRANSACTION")
        do {
            let outcome = try compare(wanted, guard: removalGuard, force: force, dryRun: dryRun, full: full)
            try connection.execute(dryRun ? "ROLLBACK" : "COMMIT")
            return outcome
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Inside the transaction: finds the slices that differ, reads their hosts, writes.
    private func compare(_ wanted: [KeaHostRow], guard removalGuard: Int, force: Bool, dryRun: Bool, full: Bool) throws -> Outcome {
        let stored = full ? nil : try storedSlices()
        var differing: [(slice: KeaHostSlice, next: MACAddress?, rows: Range<Int>)] = []
        if let stored {
            let ranges = KeaHostSlices.partition(wanted, by: stored)
            let digests = Parallel.map(ranges.count) { KeaHostSlices.digest(wanted[ranges[$0]]) }
            for (index, range) in ranges.enumerated() where stored[index].hosts != range.count || stored[index].digest != digests[index] {
                differing.append((stored[index], index + 1 < stored.count ? stored[index + 1].first : nil, range))
            }
        }
        if let stored, differing.isEmpty {
            return Outcome(added: 0, changed: 0, removed: 0, unchanged: wanted.count, slicesRead: 0, slices: stored.count)
        }
        let readsEverything = stored == nil || differing.count > Self.rangedReadLimit
        if readsEverything { differing = [(KeaHostSlice(first: nil, hosts: 0, digest: ""), nil, 0..<wanted.count)] }
        let condition =
            readsEverything ? "TRUE" : differing.map { "(\(KeaHostSlices.condition(from: $0.slice.first, upTo: $0.next)))" }.joined(separator: " OR ")
        var current: [String: Stored] = [:]
        try connection.query(KeaHostsStatements.storedHosts(where: condition)) { values in
            guard let hex = values[0] else { return }
            current[hex] = Stored(address: values[1], hostname: values[2], classes: values[3], bootFile: values[4], hostName: values[5])
        }
        let previousCount = readsEverything ? current.count : (stored ?? []).reduce(0) { $0 + $1.hosts }
        var upserts: [KeaHostRow] = []
        var added = 0
        for entry in differing {
            for row in wanted[entry.rows] {
                guard let existing = current.removeValue(forKey: row.mac.hexDigits) else {
                    added += 1
                    upserts.append(row)
                    continue
                }
                if existing != Stored(row) { upserts.append(row) }
            }
        }
        let removed = current.keys.sorted()
        let slices =
            readsEverything
            ? KeaHostSlices.cut(wanted[...], from: nil, size: sliceSize)
            : differing.flatMap { KeaHostSlices.cut(wanted[$0.rows], from: $0.slice.first, size: sliceSize) }
        let outcome = Outcome(
            added: added, changed: upserts.count - added, removed: removed.count, unchanged: wanted.count - upserts.count,
            slicesRead: readsEverything ? (stored?.count ?? slices.count) : differing.count, slices: stored?.count ?? slices.count)
        if !force, previousCount >= 10, removed.count * 100 > removalGuard * previousCount {
            throw Refusal(
                message:
                    "writing would remove \(removed.count) of the database's \(previousCount) hosts, more than \(removalGuard) %: is the snapshot complete? Give --force to write it anyway"
            )
        }
        guard !dryRun else { return outcome }
        try apply(upserts: upserts, removals: removed)
        // The slices just compared now hold exactly their rows: their digests replace the old.
        if readsEverything {
            try connection.execute("DELETE FROM provha_kea_host_slices")
        } else {
            let firsts = differing.map { "UNHEX('\($0.slice.first?.hexDigits ?? "")')" }
            try connection.execute("DELETE FROM provha_kea_host_slices WHERE first_identifier IN (\(firsts.joined(separator: ",")))")
        }
        for statement in KeaHostSlices.inserts(slices) { try connection.execute(statement) }
        return outcome
    }

    /// The digests the last write left, in identifier order; nil when there are none or
    /// they are not what a write leaves (then every host is read and the table rewritten).
    private func storedSlices() throws -> [KeaHostSlice]? {
        var slices: [KeaHostSlice] = []
        var readable = true
        do {
            try connection.query(
                "SELECT LOWER(HEX(first_identifier)), hosts, digest FROM provha_kea_host_slices ORDER BY first_identifier FOR UPDATE"
            ) {
                values in
                let first = values[0] ?? ""
                let mac = MACAddress.fromHexDigits(first)
                guard let hosts = values[1].flatMap({ Int($0) }), let digest = values[2], digest.utf8.count == 64,
                    first.isEmpty ? slices.isEmpty : (mac != nil && !slices.isEmpty)
                else {
                    readable = false
                    return
                }
                slices.append(KeaHostSlice(first: mac, hosts: hosts, digest: digest))
            }
        } catch let error as MariaDBError where error.code == 1146 {
            return nil  // no such table: a dry run before the first write
        }
        return readable && !slices.isEmpty ? slices : nil
    }

    private func apply(upserts: [KeaHostRow], removals: [String]) throws {
        for start in stride(from: 0, to: removals.count, by: Self.batch) {
            try connection.execute(KeaHostsStatements.delete(identifiers: removals[start..<min(removals.count, start + Self.batch)]))
        }
        guard !upserts.isEmpty else { return }
        try connection.execute(KeaHostsStatements.createStaging)
        for start in stride(from: 0, to: upserts.count, by: KeaHostsStatements.insertBatch) {
            var bytes: [UInt8] = []
            KeaHostsStatements.appendStagingInserts(upserts[start..<min(upserts.count, start + KeaHostsStatements.insertBatch)], to: &bytes)
            try connection.execute(String(decoding: bytes.dropLast(2), as: UTF8.self))  // one statement, without ";\n"
        }
        for start in stride(from: 0, to: upserts.count, by: KeaHostsSQLEmitter.upsertSlice) {
            let last = upserts[min(upserts.count, start + KeaHostsSQLEmitter.upsertSlice) - 1]
            try connection.execute(KeaHostsStatements.upsert(from: upserts[start].mac, through: last.mac))
        }
        for statement in KeaHostsStatements.optionsInStep { try connection.execute(statement) }
        try connection.execute(KeaHostsStatements.dropStaging)
    }

    /// A host row as the database holds it (the option row's value beside it).
    private struct Stored: Equatable {
        let address: String?
        let hostname: String?
        let classes: String?
        let bootFile: String?
        let hostName: String?

        init(address: String?, hostname: String?, classes: String?, bootFile: String?, hostName: String?) {
            (self.address, self.hostname, self.classes, self.bootFile, self.hostName) = (address, hostname, classes, bootFile, hostName)
        }

        init(_ row: KeaHostRow) {
            self.init(
                address: row.address.map { String($0.value) }, hostname: row.hostname, classes: row.classes, bootFile: row.bootFile,
                hostName: row.hostNameOption)
        }
    }

    /// Why nothing was written.
    public struct Refusal: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
