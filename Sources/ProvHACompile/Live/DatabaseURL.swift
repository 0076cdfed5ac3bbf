/// `mariadb://USER@HOST[:PORT][,HOST[:PORT]…]/DATABASE[?socket=PATH&tls=require]`, the form
/// `--db` takes. Several hosts form a galera cluster: tried in order. A password in the URL is
/// refused: it would show in process lists and shell history. The URL only fills a
/// `DatabaseTargetSpec`; the spec's rules, shared with the cluster file, check the parts.
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
        var spec = DatabaseTargetSpec()
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false) {
                let key = pair.prefix { $0 != "=" }
                let value = String(pair.dropFirst(key.count + 1))
                switch key {
                case "socket": spec.socket = value
                case "tls": spec.requireTLS = value == "require"
                default:
                    return .failure(Problem(description: "unknown database URL parameter \(DiagnosticText.quoted(key)) (known: socket, tls)"))
                }
            }
            rest = rest[..<mark]
        }
        guard let at = rest.firstIndex(of: "@"), let slash = rest.firstIndex(of: "/"), at < slash else {
            return .failure(Problem(description: "the database URL needs a user and a database: mariadb://USER@HOST/DATABASE"))
        }
        let user = rest[..<at]
        guard !user.contains(":") else {
            return .failure(
                Problem(
                    description:
                        "the database URL must not hold a password; set it in the environment variable the cluster file's password_env names (default PROVHA_DB_PASSWORD)"
                ))
        }
        spec.user = String(user)
        spec.database = String(rest[rest.index(after: slash)...])
        for host in rest[rest.index(after: at)..<slash].split(separator: ",", omittingEmptySubsequences: false) {
            // host, host:port; an IPv6 literal in brackets: [::1]:3306
            var name = Substring(host)
            var port: Int?
            if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]"), host.firstIndex(of: ":") == colon || host.hasPrefix("[") {
                let portText = host[host.index(after: colon)...]
                guard let number = Int(portText) else {
                    return .failure(Problem(description: "\(DiagnosticText.quoted(portText)) is not a port in the database URL"))
                }
                port = number
                name = host[..<colon]
            }
            if name.hasPrefix("["), name.hasSuffix("]") { name = name.dropFirst().dropLast() }
            spec.hosts.append(DatabaseTargetSpec.Host(name: String(name), port: port))
        }
        switch spec.build(display: text) {
        case let .success(target):
            return .success(target)
        case let .failure(problems):
            let message = problems.all.map { "database URL: \($0.message)" }.joined(separator: "; ")
            return .failure(Problem(description: message))
        }
    }
}
