/// `mariadb://USER@HOST[:PORT][,HOST[:PORT]…]/DATABASE[?socket=PATH&tls=require]`, the form
/// `--db` takes. Several hosts form a galera cluster: tried in order. A password in the URL is
/// refused: it would show in process lists and shell history.
public enum DatabaseURL {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String) -> Result<DatabaseTarget, Problem> {
        let scheme = "mariadb://"
        guard text.hasPrefix(scheme) else {
            return .failure(Problem(description: "a database URL starts with mariadb://, as in mariadb://slaveread@db1,db2/nmsprime"))
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: [(String, String)] = []
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
            rest = rest[..<mark]
        }
        guard let at = rest.firstIndex(of: "@"), let slash = rest.firstIndex(of: "/"), at < slash else {
            return .failure(Problem(description: "the database URL needs a user and a database: mariadb://USER@HOST/DATABASE"))
        }
        let user = String(rest[..<at])
        guard !user.isEmpty else { return .failure(Problem(description: "the database URL names no user")) }
        guard !user.contains(":") else {
            return .failure(Problem(description: "the database URL must not hold a password; set it in the environment variable the cluster file's password_env names (default PROVHA_DB_PASSWORD)"))
        }
        let database = String(rest[rest.index(after: slash)...])
        guard !database.isEmpty, !database.contains("/") else {
            return .failure(Problem(description: "the database URL names no database"))
        }
        var socket: String?
        var requireTLS = false
        for (key, value) in query {
            switch key {
            case "socket": socket = value
            case "tls": requireTLS = value == "require"
            default: return .failure(Problem(description: "unknown database URL parameter '\(key)' (known: socket, tls)"))
            }
        }
        var endpoints: [MariaDBEndpoint] = []
        if let socket {
            endpoints = [MariaDBEndpoint(socket: socket, user: user, database: database, requireTLS: requireTLS)]
        } else {
            for host in rest[rest.index(after: at)..<slash].split(separator: ",") {
                let parts = host.split(separator: ":", maxSplits: 1)
                var port = 3306
                if parts.count == 2 {
                    guard let number = Int(parts[1]), (1...65535).contains(number) else {
                        return .failure(Problem(description: "'\(parts[1])' is not a port in the database URL"))
                    }
                    port = number
                }
                endpoints.append(MariaDBEndpoint(host: String(parts[0]), port: port, user: user, database: database, requireTLS: requireTLS))
            }
        }
        guard !endpoints.isEmpty else { return .failure(Problem(description: "the database URL names no host")) }
        return .success(DatabaseTarget(endpoints: endpoints, display: text))
    }
}
