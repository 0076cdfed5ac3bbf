/// `/etc/cacti/db.php` on each node, where NMS Prime's RPM keeps Cacti's database settings (and
/// links `include/config.php` to it): Cacti's exact variable names, in step with the env
/// drop-in's `CACTI_DB_*` (the reader on a read-only slave). Cacti takes one host: the node's own
/// address when it is a Galera node, else the first Galera node. Scripts `require` it and expect
/// no output, so it has no closing `?>`. Mode 0640, group `database.web_group`.
struct CactiDatabaseEmitter: NodeEmitter {
    static let path = "/etc/cacti/db.php"

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard let database = node.model.database, let account = database.account(.cacti, on: node.role) else { return [] }
        let host = database.galeraNodes.contains(node.own.address) ? node.own.address : database.galeraNodes.first ?? node.own.address
        let text =
            "<?php\n" + node.header(comment: "//") + """
                $database_type     = 'mysql';
                $database_default  = \(DatabaseSyntax.phpString(account.database));
                $database_hostname = \(DatabaseSyntax.phpString(host.description));
                $database_username = \(DatabaseSyntax.phpString(account.user));
                $database_password = \(DatabaseSyntax.phpString(account.password));
                $database_port     = '3306';
                $database_retries  = 5;
                $database_ssl      = false;

                """
        return [node.file(Self.path, reload: .none, contents: text, mode: 0o640, group: database.webGroup)]
    }
}
