import Yams

/// `database`: the Galera nodes, the web group, each NMS Prime application's user and database
/// with where its password is, the SELECT-only readers, and whether the slave uses them.
extension ClusterFileReader {
    func readDatabase(_ reader: YAMLMappingReader, clusterFile: String) -> DatabaseConfig {
        reader.rejectUnknownKeys(ClusterFileKeys.database)
        var config = DatabaseConfig(location: reader.location(of: reader.node))
        for node in reader.sequence("galera_nodes") ?? [] {
            let location = reader.location(of: node)
            guard let text = node.scalar?.string, let address = IPv4Address(text) else {
                diagnostics.error(
                    "'database.galera_nodes' entries must be IPv4 addresses, found \(YAMLMappingReader.describe(node))", at: location)
                continue
            }
            config.galeraNodes.append(Located(address, at: location))
        }
        if let group = reader.string("web_group") {
            if !Self.isGroupName(group.value) {
                diagnostics.error("'database.web_group' \(DiagnosticText.quoted(group.value)) is not a group name", at: group.location)
            }
            config.webGroup = group
        }
        for application in DatabaseApplication.allCases {
            guard let section = reader.mappingReader(application.rawValue) else { continue }
            config.accounts[application] = readAccount(section, keys: ClusterFileKeys.databaseAccount, clusterFile: clusterFile)
        }
        if let readers = reader.mappingReader("readers") {
            readers.rejectUnknownKeys(ClusterFileKeys.databaseReaders)
            for application in DatabaseApplication.allCases where application.defaultReader != nil {
                guard let section = readers.mappingReader(application.rawValue) else { continue }
                config.readers[application] = readAccount(section, keys: ClusterFileKeys.databaseReader, clusterFile: clusterFile)
            }
        }
        if let value = reader.mapping["slave_read_only"] {
            if let flag = value.bool, value.tagName == .bool {
                config.slaveReadOnly = Located(flag, at: reader.location(of: value))
            } else {
                reader.typeError("slave_read_only", expected: "true or false", found: value)
            }
        }
        return config
    }

    /// One user: `user`, `database` (not for a reader: it reads its application's) and exactly
    /// one of `password_file` and `password_env`; a password in clear text is refused.
    private func readAccount(_ reader: YAMLMappingReader, keys: [String], clusterFile: String) -> DatabaseAccountConfig? {
        reader.rejectUnknownKeys(keys + ["password"])
        guard let password = readPassword(reader, clusterFile: clusterFile) else { return nil }
        return DatabaseAccountConfig(user: reader.string("user"), database: reader.string("database"), password: password)
    }

    /// Exactly one of `password_file` and `password_env`; a password in clear text is refused.
    func readPassword(_ reader: YAMLMappingReader, clusterFile: String) -> Located<SecretReference>? {
        if let inline = reader.keyNode("password") {
            diagnostics.error(
                "'\(reader.keyPath).password' would put a password in clear text in the cluster file; use 'password_file' or 'password_env'",
                at: reader.location(of: inline))
        }
        let password: Located<SecretReference>
        switch (reader.string("password_file"), reader.string("password_env")) {
        case let (file?, nil): password = Located(.file(path: Self.resolve(file.value, relativeTo: clusterFile)), at: file.location)
        case let (nil, env?): password = Located(.environment(name: env.value), at: env.location)
        default:
            diagnostics.error(
                "'\(reader.keyPath)' takes exactly one of 'password_file' and 'password_env'", at: reader.location(of: reader.node))
            return nil
        }
        return password
    }
}
