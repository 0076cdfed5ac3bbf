/// `DIR/database/grants.sql`: the users and grants NMS Prime needs on the Galera cluster for
/// both nodes, run once on any Galera node (`mariadb < grants.sql`; Galera replicates users and
/// grants). Idempotent: `CREATE USER IF NOT EXISTS`, then `ALTER USER` so that a changed password
/// takes effect, then `GRANT`, which adds nothing twice. Each read-write user gets all
/// privileges on its database from each node's address (NMS Prime's packages create them at
/// `localhost` only; those stay), Cacti's also `SELECT` on `mysql.time_zone_name` (as upstream);
/// each reader `SELECT` on its application's database. Passwords are in it: mode 0600.
struct DatabaseGrantsEmitter: Emitter {
    static let path = "database/grants.sql"

    func emit(_ model: ClusterModel) -> [GeneratedFile] {
        guard let database = model.database, !(database.accounts + database.readers).isEmpty else { return [] }
        let hosts = [model.master.address, model.slave.address]
        var text =
            model.generatedHeader(comment: "--") + """
                -- Run once, on any Galera node of cluster \(model.name): mariadb < grants.sql
                -- Safe to run again; a second run changes nothing.

                """
        for account in database.accounts + database.readers {
            let role = account.readOnly ? "reads" : "owns"
            text += "\n-- \(account.user) \(role) \(account.database) (\(account.application.rawValue))\n"
            for host in hosts {
                let user = "\(DatabaseSyntax.sqlString(account.user))@\(DatabaseSyntax.sqlString(host.description))"
                let password = DatabaseSyntax.sqlString(account.password)
                text += "CREATE USER IF NOT EXISTS \(user) IDENTIFIED BY \(password);\n"
                text += "ALTER USER \(user) IDENTIFIED BY \(password);\n"
                let privileges = account.readOnly ? "SELECT" : "ALL PRIVILEGES"
                text += "GRANT \(privileges) ON \(DatabaseSyntax.sqlIdentifier(account.database)).* TO \(user);\n"
                if account.application == .cacti, !account.readOnly {
                    text += "GRANT SELECT ON `mysql`.`time_zone_name` TO \(user);\n"
                }
            }
        }
        return [GeneratedFile(path: Self.path, reload: .none, contents: text, mode: 0o600)]
    }
}
