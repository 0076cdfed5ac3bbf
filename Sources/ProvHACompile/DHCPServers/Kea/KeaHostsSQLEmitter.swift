/// `DIR/database/kea-hosts.sql` (with `dhcp.kea_reservations: database`): the complete
/// reservation set for Kea's `hosts` and `dhcp4_options` tables (schema 14, Kea 2.2), loaded on
/// any Galera node with `mariadb kea < kea-hosts.sql`. It refuses another schema version
/// first. Then the set goes into a temporary table in batches of `insertBatch` rows, and
/// from there into `hosts`: global hw-address hosts not in the set are deleted (no stale host
/// survives a removed modem), then the set is upserted in slices of `upsertSlice` identifiers,
/// each its own write-set, as Galera wants them small (schema 14 keys a host by its identifier
/// only, so an address may move between hosts in any order); a PacketCable MTA's `host-name`
/// is its one option row. Loading it twice
/// leaves the same rows (ids included: nothing unchanged is deleted and added again), loading
/// it after a change exactly the new set. The compiler is the table's only writer. It empties
/// `provha_kea_host_slices` first and fills it with the set's slices (`KeaHostSlices`) last, so
/// a later `kea-hosts` reads back only what changed since, and after a load that stopped
/// half-way reads every host. The statements are `KeaHostsStatements`'.
///
/// Rows are what the inline reservations hold: a modem's boot file and hostname (with an MTA,
/// the class `KeaClasses.packetCableServers` that each node's file defines own-first), an MTA's
/// boot file, a fixed endpoint's address, a MAC-only endpoint's `KeaClasses.knownEndpoint`.
struct KeaHostsSQLEmitter: Emitter {
    static let path = "database/kea-hosts.sql"
    static let upsertSlice = 10_000

    func emit(_ model: ClusterModel) -> [GeneratedFile] {
        guard let kea = model.dhcp as? KeaDHCPServer, kea.hostsDatabase != nil else { return [] }
        let rows = KeaHostRow.rows(of: model)
        let head =
            model.generatedHeader(comment: "--") + """
                -- Kea's host reservations for cluster \(model.name): \(rows.count) hosts, schema \(KeaHostsDatabase.schemaVersion) (Kea 2.2).
                -- Load on any Galera node: mariadb \(kea.hostsDatabase?.name ?? "kea") < kea-hosts.sql (again after each build: idempotent).
                SET NAMES utf8mb4;
                DELIMITER //
                BEGIN NOT ATOMIC
                  DECLARE found VARCHAR(200);
                  SELECT CONCAT(version, '.', minor) INTO found FROM schema_version LIMIT 1;
                  IF found IS NULL OR found NOT LIKE '\(KeaHostsDatabase.schemaVersion).%' THEN
                    SET found = CONCAT('kea-hosts.sql is made for the Kea host database schema \(KeaHostsDatabase.schemaVersion).x (Kea 2.2); this database has ', IFNULL(found, 'none'));
                    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = found;
                  END IF;
                END//
                DELIMITER ;
                \(KeaHostSlices.createTable);
                DELETE FROM provha_kea_host_slices;
                \(KeaHostsStatements.createStaging);

                """
        var bytes = Array(head.utf8)
        bytes.reserveCapacity(bytes.count + rows.count * 96)
        KeaHostsStatements.appendStagingInserts(rows, to: &bytes)
        var tail = [KeaHostsStatements.deleteUnstaged]
        for start in stride(from: 0, to: rows.count, by: Self.upsertSlice) {
            tail.append(KeaHostsStatements.upsert(from: rows[start].mac, through: rows[min(rows.count, start + Self.upsertSlice) - 1].mac))
        }
        tail += KeaHostsStatements.optionsInStep
        tail.append(KeaHostsStatements.dropStaging)
        tail += KeaHostSlices.inserts(KeaHostSlices.cut(rows[...], from: nil))
        bytes += tail.map { $0 + ";\n" }.joined().utf8
        return [GeneratedFile(path: Self.path, reload: .none, text: GeneratedText(parts: [GeneratedText.Part(bytes[...])]))]
    }
}
