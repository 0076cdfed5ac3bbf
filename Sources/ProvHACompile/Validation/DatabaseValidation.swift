/// `database`, resolved: names checked, passwords read from their files or variables and
/// checked for every file they land in, the readers' use on the slave decided and said.
extension Validator {
    /// The resolved section (nil when absent or wrong) and the passwords in the order of
    /// `ClusterConfig.databasePasswords`, for the input digest.
    func resolveDatabase() -> (cluster: DatabaseCluster?, passwords: [String?]) {
        guard let config = config.database else {
            warning(
                "no 'database' section is configured: the env files' database keys (Galera nodes), DIR/database/grants.sql and /etc/cacti/db.php are not generated",
                .input(path: self.config.path))
            return (nil, [])
        }
        var passwords: [String?] = []
        var accounts: [DatabaseAccount] = [], readers: [DatabaseAccount] = []
        var users: [String: (DatabaseApplication, Bool)] = [:]
        for entry in self.config.databasePasswords {
            let declared = (entry.reader ? config.readers : config.accounts)[entry.application]
            var password: String?
            switch SecretLoader.loadPassword(entry.password.value, what: entry.what, environment: environment) {
            case let .success(value):
                if let problem = DatabaseSyntax.problemInPassword(value) {
                    error("the \(entry.what) \(problem)", entry.password.location)
                } else {
                    password = value
                }
            case let .failure(problem): error(problem.message, entry.password.location)
            }
            passwords.append(password)
            let application = entry.application
            let user = declared?.user ?? Located(entry.reader ? application.defaultReader ?? "" : application.defaultUser, at: config.location)
            let database =
                entry.reader
                ? accounts.first { $0.application == application }?.database ?? application.defaultDatabase
                : declared?.database?.value ?? application.defaultDatabase
            for (what, value, at) in [("user", user.value, user.location), ("database", database, declared?.database?.location ?? config.location)] {
                if let problem = DatabaseSyntax.problemInName(value) { error("database \(what) \(DiagnosticText.quoted(value)) \(problem)", at) }
            }
            if let other = users[user.value], other != (application, entry.reader) {
                error(
                    "database user \(DiagnosticText.quoted(user.value)) is declared twice (for \(other.0.rawValue)\(other.1 ? "'s reader" : "")); each needs its own grants",
                    user.location)
            }
            users[user.value] = (application, entry.reader)
            guard let password else { continue }
            let account = DatabaseAccount(
                application: application, user: user.value, database: database, password: password, readOnly: entry.reader)
            if entry.reader { readers.append(account) } else { accounts.append(account) }
        }
        for application in config.readers.keys where config.accounts[application] == nil {
            error(
                "'database.readers.\(application.rawValue)' reads \(application.rawValue)'s database, which 'database.\(application.rawValue)' must declare",
                config.location)
        }
        let slaveReadOnly = config.slaveReadOnly?.value ?? false
        explainSlaveUsers(config, readOnly: slaveReadOnly)
        let galeraNodes =
            config.galeraNodes.isEmpty ? [self.config.master.address.value, self.config.slave.address.value] : config.galeraNodes.map(\.value)
        return (
            DatabaseCluster(
                galeraNodes: galeraNodes, webGroup: config.webGroup?.value ?? "apache", accounts: accounts, readers: readers,
                slaveReadOnly: slaveReadOnly),
            passwords
        )
    }

    /// Which users the slave's NMS Prime and Cacti connect as, and why: a warning while the
    /// cluster file has not decided (the read-write users, the safe default), a note once it
    /// says false, a warning for the seed's read-only choice.
    private func explainSlaveUsers(_ config: DatabaseConfig, readOnly: Bool) {
        let writes =
            "NMS Prime keeps a slave read-only in PHP, yet its slave still writes the queue tables (jobs, failed_jobs), the GUI log and users' last login, and Cacti writes its sessions and settings"
        guard readOnly else {
            let message =
                "the slave's NMS Prime and Cacti connect as the read-write users: \(writes), which SELECT-only users would refuse; the readers serve provha-compile --db and reports"
            if config.slaveReadOnly == nil {
                warning(
                    "database.slave_read_only is not set: \(message) (set it to false to confirm, true for the seed's read-only users)",
                    config.location)
            } else {
                diagnostics.emit(Diagnostic(.note, message, at: config.slaveReadOnly?.location ?? config.location))
            }
            return
        }
        let missing = [DatabaseApplication.nmsprime, .cacti].filter { config.readers[$0] == nil }
        if !missing.isEmpty {
            error(
                "database.slave_read_only needs readers for \(missing.map(\.rawValue).joined(separator: " and ")) ('database.readers')",
                config.slaveReadOnly?.location ?? config.location)
        }
        warning(
            "the slave's NMS Prime and Cacti connect as SELECT-only users (database.slave_read_only: true, the seed's choice): \(writes), and those writes fail with ERROR 1142",
            config.slaveReadOnly?.location ?? config.location)
    }
}
