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
                CREATE TEMPORARY TABLE provha_hosts (
                  dhcp_identifier VARBINARY(128) NOT NULL PRIMARY KEY,
                  ipv4_address INT UNSIGNED NULL,
                  hostname VARCHAR(255) NULL,
                  dhcp4_client_classes VARCHAR(255) NULL,
                  dhcp4_boot_file_name VARCHAR(128) NULL,
                  host_name_option VARCHAR(255) NULL
                ) ENGINE=InnoDB;

                """
        var bytes = Array(head.utf8)
        bytes.reserveCapacity(bytes.count + rows.count * 96)
        for (index, row) in rows.enumerated() {
            bytes.append(index % Self.insertBatch == 0 ? Piece.insert : Piece.rowSeparator)
            Self.append(row, to: &bytes)
            if index % Self.insertBatch == Self.insertBatch - 1 || index == rows.count - 1 { bytes.append(Piece.statementEnd) }
        }
        let ours = "h.dhcp_identifier_type = 0 AND h.dhcp4_subnet_id = 0"
        var tail = """
            DELETE h FROM hosts h LEFT JOIN provha_hosts n ON n.dhcp_identifier = h.dhcp_identifier
              WHERE \(ours) AND n.dhcp_identifier IS NULL;

            """
        for start in stride(from: 0, to: rows.count, by: Self.upsertSlice) {
            let first = rows[start].mac.hexDigits, last = rows[min(rows.count, start + Self.upsertSlice) - 1].mac.hexDigits
            tail += """
                INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, ipv4_address, hostname, dhcp4_client_classes, dhcp4_boot_file_name)
                  SELECT dhcp_identifier, 0, 0, ipv4_address, hostname, dhcp4_client_classes, dhcp4_boot_file_name FROM provha_hosts
                  WHERE dhcp_identifier BETWEEN UNHEX('\(first)') AND UNHEX('\(last)')
                  ON DUPLICATE KEY UPDATE ipv4_address = VALUES(ipv4_address), hostname = VALUES(hostname),
                    dhcp4_client_classes = VALUES(dhcp4_client_classes), dhcp4_boot_file_name = VALUES(dhcp4_boot_file_name);

                """
        }
        tail += """
            DELETE o FROM dhcp4_options o JOIN hosts h ON h.host_id = o.host_id JOIN provha_hosts n ON n.dhcp_identifier = h.dhcp_identifier
              WHERE o.scope_id = 3 AND \(ours) AND NOT (o.code = 12 AND o.space = 'dhcp4' AND o.formatted_value <=> n.host_name_option);
            INSERT INTO dhcp4_options (code, formatted_value, space, persistent, host_id, scope_id)
              SELECT 12, n.host_name_option, 'dhcp4', 0, h.host_id, 3 FROM provha_hosts n
              JOIN hosts h ON h.dhcp_identifier = n.dhcp_identifier AND \(ours)
              LEFT JOIN dhcp4_options o ON o.host_id = h.host_id AND o.scope_id = 3 AND o.code = 12
              WHERE n.host_name_option IS NOT NULL AND o.option_id IS NULL;
            DROP TEMPORARY TABLE provha_hosts;

            """
        bytes += tail.utf8
        return [GeneratedFile(path: Self.path, reload: .none, text: GeneratedText(parts: [GeneratedText.Part(bytes[...])]))]
    }

    /// One row of the temporary table's INSERT, as bytes (a million of them).
    private static func append(_ row: KeaHostRow, to bytes: inout [UInt8]) {
        bytes.append(Piece.unhex)
        row.mac.write(into: &bytes, separated: false)
        bytes.append(Piece.unhexEnd)
        if let address = row.address { bytes += String(address.value).utf8 } else { bytes.append(Piece.null) }
        bytes.append(UInt8(ascii: ","))
        appendString(row.hostname, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        if let classes = row.classes { appendString(classes, to: &bytes) } else { bytes.append(Piece.null) }
        bytes.append(UInt8(ascii: ","))
        if let folder = row.bootFolder {
            appendString(row.hostname, to: &bytes, after: folder.prefix, before: ".cfg")
        } else {
            bytes.append(Piece.null)
        }
        bytes.append(UInt8(ascii: ","))
        if row.hasHostNameOption {
            bytes.append(UInt8(ascii: "'"))
            row.mac.write(into: &bytes, separated: false)
            bytes.append(UInt8(ascii: "'"))
        } else {
            bytes.append(Piece.null)
        }
        bytes.append(UInt8(ascii: ")"))
    }

    /// A SQL string literal of `prefix`, `text` and `suffix`: as they are when nothing needs
    /// escaping (validated names), else through `DatabaseSyntax.sqlString`.
    private static func appendString(_ text: String, to bytes: inout [UInt8], after prefix: StaticString = "", before suffix: StaticString = "") {
        if text.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) {
            bytes += DatabaseSyntax.sqlString("\(prefix)\(text)\(suffix)").utf8
        } else {
            bytes.append(UInt8(ascii: "'"))
            bytes.append(prefix)
            bytes += text.utf8
            bytes.append(suffix)
            bytes.append(UInt8(ascii: "'"))
        }
    }

    private enum Piece {
        static let unhex: StaticString = "(UNHEX('"
        static let unhexEnd: StaticString = "'),"
        static let null: StaticString = "NULL"
        static let insert: StaticString = "INSERT INTO provha_hosts VALUES\n"
        static let rowSeparator: StaticString = ",\n"
        static let statementEnd: StaticString = ";\n"
    }
}
