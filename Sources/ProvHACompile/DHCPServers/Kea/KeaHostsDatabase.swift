/// `dhcp.kea_reservations: database`: both nodes' kea-dhcp4 read the reservations from Kea's
/// MySQL host backend (built into Debian 12's Kea 2.2, schema 14) on the Galera cluster, read-only;
/// `DIR/database/kea-hosts.sql` (`KeaHostsSQLEmitter`) writes them there. What differs per node
/// (the PacketCable DHCP servers, own first) stays in each node's file as a class the host row
/// names (`KeaClasses.packetCableServers`).
struct KeaHostsDatabase: Sendable {
    let name: String
    let host: String
    let port: Int
    let user: String
    /// Loaded from its file or variable; lands in kea-dhcp4.conf (0640, Kea's group), masked in diffs.
    let password: String

    /// The schema major version the SQL is written for (Kea 2.2's `dhcpdb_create.mysql`).
    static let schemaVersion = 14
}

extension ClusterModel {
    /// Whether Kea reads the reservations from its host database (`kea-hosts` writes them there).
    public var readsReservationsFromDatabase: Bool { (dhcp as? KeaDHCPServer)?.hostsDatabase != nil }
}

extension Validator {
    /// Inline reservations stop being practical here: kea-dhcp4 loaded 1M inline reservations in
    /// about 73 s and 7.4 GB (measured, kea-hostdb-dhcp6.md), and every reload repeats that.
    static let inlineReservationsLimit = 100_000

    func resolveHostsDatabase(_ devices: ValidatedDevices, at: SourceLocation) -> KeaHostsDatabase? {
        let count = devices.modems.count + devices.mtas.count + devices.fixedEndpoints.count + devices.plainEndpoints.count
        guard config.dhcp.keaReservations?.value == "database" else {
            if let database = config.dhcp.keaHostsDatabase {
                warning(
                    "'dhcp.kea_hosts_database' is set, but dhcp.kea_reservations is not database: the reservations stay inline", database.location)
            }
            if count > Self.inlineReservationsLimit {
                warning(
                    "\(count) reservations inline in kea-dhcp4.conf: kea-dhcp4 needed about 73 s and 7.4 GB to load 1M (measured), at every start and reload; set dhcp.kea_reservations: database",
                    config.dhcp.keaReservations?.location ?? at)
            }
            return nil
        }
        guard let database = config.dhcp.keaHostsDatabase else {
            error(
                "dhcp.kea_reservations: database needs 'dhcp.kea_hosts_database' (name, host, port, user and password_file or password_env)",
                config.dhcp.keaReservations?.location ?? at)
            return nil
        }
        switch SecretLoader.loadPassword(database.password.value, what: "Kea host database password", environment: environment) {
        case let .success(password):
            return KeaHostsDatabase(name: database.name, host: database.host, port: database.port, user: database.user, password: password)
        case let .failure(problem):
            error(problem.message, database.password.location)
            return nil
        }
    }
}
