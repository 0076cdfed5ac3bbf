/// `dhcp.kea_hosts_database`: the MariaDB (Galera) database both nodes' kea-dhcp4 read their
/// host reservations from, with `dhcp.kea_reservations: database`.
extension ClusterFileReader {
    func readKeaHostsDatabase(_ reader: YAMLMappingReader, clusterFile: String) -> KeaHostsDatabaseConfig? {
        reader.rejectUnknownKeys(ClusterFileKeys.keaHostsDatabase + ["password"])
        if let type = reader.string("type"), type.value != "mysql" {
            diagnostics.error(
                "'dhcp.kea_hosts_database.type' must be mysql (NMS Prime's Galera cluster is MariaDB), found \(DiagnosticText.quoted(type.value))",
                at: type.location)
        }
        guard let password = readPassword(reader, clusterFile: clusterFile) else { return nil }
        var config = KeaHostsDatabaseConfig(password: password, location: reader.location(of: reader.node))
        for (key, path) in [("name", \KeaHostsDatabaseConfig.name), ("user", \KeaHostsDatabaseConfig.user)] {
            guard let value = reader.string(key) else { continue }
            if let problem = DatabaseSyntax.problemInName(value.value) {
                diagnostics.error("'dhcp.kea_hosts_database.\(key)' \(DiagnosticText.quoted(value.value)) \(problem)", at: value.location)
            } else {
                config[keyPath: path] = value.value
            }
        }
        if let host = reader.string("host") {
            if IPv4Address(host.value) != nil || DNSName.isValidDomain(host.value) || host.value == "localhost" {
                config.host = host.value
            } else {
                diagnostics.error(
                    "'dhcp.kea_hosts_database.host' must be an address or a host name, found \(DiagnosticText.quoted(host.value))", at: host.location)
            }
        }
        if let port = reader.integer("port") { config.port = port.value }
        return config
    }
}
