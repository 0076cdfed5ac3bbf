/// The SQL both roads into Kea's host database send — `kea-hosts.sql` (the whole set) and
/// `kea-hosts` (only what differs) — written once, so the file and the live writer cannot
/// drift apart. Rows go into the temporary table `provha_hosts`; from there they are upserted
/// into `hosts` by identifier range and their `host-name` option rows are put in step. The
/// compiler's hosts are the global hw-address ones (`ours`): type 0, subnet 0.
enum KeaHostsStatements {
    /// Rows per INSERT into the temporary table (Galera wants small write-sets).
    static let insertBatch = 1000

    /// The compiler's hosts, as a condition on `hosts h`.
    static let ours = "h.dhcp_identifier_type = 0 AND h.dhcp4_subnet_id = 0"

    static let createStaging = """
        CREATE TEMPORARY TABLE provha_hosts (
          dhcp_identifier VARBINARY(128) NOT NULL PRIMARY KEY,
          ipv4_address INT UNSIGNED NULL,
          hostname VARCHAR(255) NULL,
          dhcp4_client_classes VARCHAR(255) NULL,
          dhcp4_boot_file_name VARCHAR(128) NULL,
          host_name_option VARCHAR(255) NULL
        ) ENGINE=InnoDB
        """

    static let dropStaging = "DROP TEMPORARY TABLE provha_hosts"

    /// Appends INSERTs of `rows` into the temporary table, `insertBatch` rows each, every
    /// statement ended by `;` and a newline.
    static func appendStagingInserts(_ rows: some Collection<KeaHostRow>, to bytes: inout [UInt8]) {
        for (index, row) in rows.enumerated() {
            bytes.append(index % insertBatch == 0 ? Piece.insert : Piece.rowSeparator)
            row.appendTuple(to: &bytes)
            if index % insertBatch == insertBatch - 1 || index == rows.count - 1 { bytes.append(Piece.statementEnd) }
        }
    }

    /// Upserts the staged hosts from `first` to `last` (inclusive, MAC order) into `hosts`.
    static func upsert(from first: MACAddress, through last: MACAddress) -> String {
        """
        INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, ipv4_address, hostname, dhcp4_client_classes, dhcp4_boot_file_name)
          SELECT dhcp_identifier, 0, 0, ipv4_address, hostname, dhcp4_client_classes, dhcp4_boot_file_name FROM provha_hosts
          WHERE dhcp_identifier BETWEEN UNHEX('\(first.hexDigits)') AND UNHEX('\(last.hexDigits)')
          ON DUPLICATE KEY UPDATE ipv4_address = VALUES(ipv4_address), hostname = VALUES(hostname),
            dhcp4_client_classes = VALUES(dhcp4_client_classes), dhcp4_boot_file_name = VALUES(dhcp4_boot_file_name)
        """
    }

    /// Puts the staged hosts' option rows in step: removes every host-scope option of a staged
    /// host that is not its `host-name` (as staged), then adds the missing ones.
    static let optionsInStep = [
        """
        DELETE o FROM dhcp4_options o JOIN hosts h ON h.host_id = o.host_id JOIN provha_hosts n ON n.dhcp_identifier = h.dhcp_identifier
          WHERE o.scope_id = 3 AND \(ours) AND NOT (o.code = 12 AND o.space = 'dhcp4' AND o.formatted_value <=> n.host_name_option)
        """,
        """
        INSERT INTO dhcp4_options (code, formatted_value, space, persistent, host_id, scope_id)
          SELECT 12, n.host_name_option, 'dhcp4', 0, h.host_id, 3 FROM provha_hosts n
          JOIN hosts h ON h.dhcp_identifier = n.dhcp_identifier AND \(ours)
          LEFT JOIN dhcp4_options o ON o.host_id = h.host_id AND o.scope_id = 3 AND o.code = 12
          WHERE n.host_name_option IS NOT NULL AND o.option_id IS NULL
        """,
    ]

    /// Deletes every host of ours that is not staged (the file stages the whole set).
    static let deleteUnstaged = """
        DELETE h FROM hosts h LEFT JOIN provha_hosts n ON n.dhcp_identifier = h.dhcp_identifier
          WHERE \(ours) AND n.dhcp_identifier IS NULL
        """

    /// Deletes hosts of ours by identifier (hex digits); their option rows go with them.
    static func delete(identifiers: some Collection<String>) -> String {
        "DELETE h FROM hosts h WHERE \(ours) AND h.dhcp_identifier IN (\(identifiers.map { "UNHEX('\($0)')" }.joined(separator: ",")))"
    }

    /// The columns `Stored` compares, for hosts of ours matching `condition` (on `h`).
    static func storedHosts(where condition: String) -> String {
        """
        SELECT LOWER(HEX(h.dhcp_identifier)), h.ipv4_address, h.hostname, h.dhcp4_client_classes, h.dhcp4_boot_file_name, o.formatted_value
        FROM hosts h LEFT JOIN dhcp4_options o ON o.host_id = h.host_id AND o.scope_id = 3 AND o.code = 12
        WHERE \(ours) AND (\(condition))
        """
    }

    private enum Piece {
        static let insert: StaticString = "INSERT INTO provha_hosts VALUES\n"
        static let rowSeparator: StaticString = ",\n"
        static let statementEnd: StaticString = ";\n"
    }
}

extension KeaHostRow {
    /// Appends the row as a tuple of the temporary table's INSERT, as bytes (a million of
    /// them): identifier, address, hostname, classes, boot file, `host-name` option. The same
    /// bytes are what a slice's digest covers (`KeaHostSlices`).
    func appendTuple(to bytes: inout [UInt8]) {
        bytes.append(Piece.unhex)
        mac.write(into: &bytes, separated: false)
        bytes.append(Piece.unhexEnd)
        if let address { bytes += String(address.value).utf8 } else { bytes.append(Piece.null) }
        bytes.append(UInt8(ascii: ","))
        Self.appendString(hostname, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        if let classes { Self.appendString(classes, to: &bytes) } else { bytes.append(Piece.null) }
        bytes.append(UInt8(ascii: ","))
        if let bootFolder {
            Self.appendString(hostname, to: &bytes, after: bootFolder.prefix, before: ".cfg")
        } else {
            bytes.append(Piece.null)
        }
        bytes.append(UInt8(ascii: ","))
        if hasHostNameOption {
            bytes.append(UInt8(ascii: "'"))
            mac.write(into: &bytes, separated: false)
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
    }
}
