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
/// it after a change exactly the new set. The compiler is the table's only writer.
///
/// Rows are what the inline reservations hold: a modem's boot file and hostname (with an MTA,
/// the class `KeaClasses.packetCableServers` that each node's file defines own-first), an MTA's
/// boot file, a fixed endpoint's address, a MAC-only endpoint's `KeaClasses.knownEndpoint`.
struct KeaHostsSQLEmitter: Emitter {
    static let path = "database/kea-hosts.sql"
    static let insertBatch = 1000
    static let upsertSlice = 10_000

    /// One host row, its identifier a MAC's 12 hex digits.
    private struct Row {
        let identifier: String
        let address: IPv4Address?
        let hostname: String
        let classes: String?
        let bootFile: String?
        let hostNameOption: String?
    }

    func emit(_ model: ClusterModel) -> [GeneratedFile] {
        guard let kea = model.dhcp as? KeaDHCPServer, kea.hostsDatabase != nil else { return [] }
        let rows = Self.rows(model).sorted { $0.identifier < $1.identifier }
        var text = model.generatedHeader(comment: "--")
        text += """
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
            CREATE TEMPORARY TABLE provha_hosts (
              dhcp_identifier VARBINARY(128) NOT NULL PRIMARY KEY,
              ipv4_address INT UNSIGNED NULL,
              hostname VARCHAR(255) NULL,
              dhcp4_client_classes VARCHAR(255) NULL,
              dhcp4_boot_file_name VARCHAR(128) NULL,
              host_name_option VARCHAR(255) NULL
            ) ENGINE=InnoDB;

            """
        for start in stride(from: 0, to: rows.count, by: Self.insertBatch) {
            let batch = rows[start..<min(rows.count, start + Self.insertBatch)]
            text += "INSERT INTO provha_hosts VALUES\n" + batch.map(Self.values).joined(separator: ",\n") + ";\n"
        }
        let ours = "h.dhcp_identifier_type = 0 AND h.dhcp4_subnet_id = 0"
        text += """
            DELETE h FROM hosts h LEFT JOIN provha_hosts n ON n.dhcp_identifier = h.dhcp_identifier
              WHERE \(ours) AND n.dhcp_identifier IS NULL;

            """
        for start in stride(from: 0, to: rows.count, by: Self.upsertSlice) {
            let first = rows[start].identifier, last = rows[min(rows.count, start + Self.upsertSlice) - 1].identifier
            text += """
                INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, ipv4_address, hostname, dhcp4_client_classes, dhcp4_boot_file_name)
                  SELECT dhcp_identifier, 0, 0, ipv4_address, hostname, dhcp4_client_classes, dhcp4_boot_file_name FROM provha_hosts
                  WHERE dhcp_identifier BETWEEN UNHEX('\(first)') AND UNHEX('\(last)')
                  ON DUPLICATE KEY UPDATE ipv4_address = VALUES(ipv4_address), hostname = VALUES(hostname),
                    dhcp4_client_classes = VALUES(dhcp4_client_classes), dhcp4_boot_file_name = VALUES(dhcp4_boot_file_name);

                """
        }
        text += """
            DELETE o FROM dhcp4_options o JOIN hosts h ON h.host_id = o.host_id JOIN provha_hosts n ON n.dhcp_identifier = h.dhcp_identifier
              WHERE o.scope_id = 3 AND \(ours) AND NOT (o.code = 12 AND o.space = 'dhcp4' AND o.formatted_value <=> n.host_name_option);
            INSERT INTO dhcp4_options (code, formatted_value, space, persistent, host_id, scope_id)
              SELECT 12, n.host_name_option, 'dhcp4', 0, h.host_id, 3 FROM provha_hosts n
              JOIN hosts h ON h.dhcp_identifier = n.dhcp_identifier AND \(ours)
              LEFT JOIN dhcp4_options o ON o.host_id = h.host_id AND o.scope_id = 3 AND o.code = 12
              WHERE n.host_name_option IS NOT NULL AND o.option_id IS NULL;
            DROP TEMPORARY TABLE provha_hosts;

            """
        return [GeneratedFile(path: Self.path, reload: .none, contents: text)]
    }

    private static func rows(_ model: ClusterModel) -> [Row] {
        let packetCable = model.modems.contains(where: \.hasMTA) ? KeaClasses.packetCableServers : nil
        var rows = model.modems.map { modem in
            Row(
                identifier: modem.mac.hexDigits, address: nil, hostname: modem.hostname, classes: modem.hasMTA ? packetCable : nil,
                bootFile: "cm/\(modem.hostname).cfg", hostNameOption: nil)
        }
        rows += model.mtas.map { mta in
            Row(
                identifier: mta.mac.hexDigits, address: nil, hostname: mta.hostname, classes: nil, bootFile: "mta/\(mta.hostname).cfg",
                hostNameOption: mta.isPacketCable ? mta.mac.hexDigits : nil)
        }
        rows += model.fixedEndpoints.compactMap { endpoint in
            guard case let .mac(mac) = endpoint.match else { return nil }
            return Row(
                identifier: mac.hexDigits, address: endpoint.address, hostname: endpoint.hostname, classes: nil, bootFile: nil, hostNameOption: nil)
        }
        rows += model.plainEndpoints.map { endpoint in
            Row(
                identifier: endpoint.mac.hexDigits, address: nil, hostname: endpoint.hostname, classes: KeaClasses.knownEndpoint, bootFile: nil,
                hostNameOption: nil)
        }
        return rows
    }

    private static func values(_ row: Row) -> String {
        let optional = { (text: String?) in text.map(DatabaseSyntax.sqlString) ?? "NULL" }
        return "(UNHEX('\(row.identifier)'),\(row.address.map { String($0.value) } ?? "NULL"),\(DatabaseSyntax.sqlString(row.hostname)),"
            + "\(optional(row.classes)),\(optional(row.bootFile)),\(optional(row.hostNameOption)))"
    }
}
