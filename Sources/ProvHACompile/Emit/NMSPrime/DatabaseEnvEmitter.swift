/// `/etc/nmsprime/env/00-provha-database.env` on each node: the `*_DB_HOST/DATABASE/USERNAME/
/// PASSWORD` keys of `global.env`, `ccc.env` and `provmon.env` for the applications `database`
/// declares, `*_DB_HOST` the Galera nodes comma-separated (os-provisioning ≥ 3.1.0 picks one).
///
/// A drop-in, not the whole files: NMS Prime's `bootstrap/app.php` loads every `*.env` of the
/// folder in `scandir` order with phpdotenv's `load()`, which never overwrites a variable already
/// set — so this file, sorted first, decides these keys, and the operator's other keys (APP_KEY,
/// mail, …) stay in the files they are in, untouched. Mode 0640, group `database.web_group`, as
/// NMS Prime's own env files. A change re-caches Laravel's configuration.
struct DatabaseEnvEmitter: NodeEmitter {
    static let path = "/etc/nmsprime/env/00-provha-database.env"

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard let database = node.model.database else { return [] }
        let hosts = database.galeraNodes.map(\.description).joined(separator: ",")
        var text = node.header() + "# Loaded before global.env, ccc.env and provmon.env: these keys win over theirs.\n"
        for application in DatabaseApplication.allCases {
            guard let account = database.account(application, on: node.role) else { continue }
            let prefix = application.envPrefix
            text += "\n"
            for (key, value) in [("HOST", hosts), ("DATABASE", account.database), ("USERNAME", account.user), ("PASSWORD", account.password)] {
                text += "\(prefix)_\(key)=\(DatabaseSyntax.dotenvValue(value))\n"
            }
        }
        return [node.file(Self.path, reload: .nmsprimeConfig, contents: text, mode: 0o640, group: database.webGroup)]
    }
}
