/// The one road from a user's words to a `DatabaseTarget`: the `--db` URL and the cluster
/// file's `snapshot.mariadb` section both fill a spec, and `build()` checks every part with
/// the same rules. Each problem names the part it is about, so the cluster-file reader can
/// locate it at its key and the URL parser can name it in its message.
struct DatabaseTargetSpec: Sendable {
    /// One part of a target, for locating its problems.
    enum Part: String, Sendable {
        case host, port, socket, user, database, passwordEnv = "password_env", parameter
    }

    /// A part that breaks the rules, with what is wrong.
    struct Problem: Error, Sendable, CustomStringConvertible {
        let part: Part
        let message: String
        var description: String { message }
    }

    /// Every problem of one spec.
    struct Problems: Error, Sendable {
        let all: [Problem]
    }

    /// A host with the port written next to it (`db1:3307` in a URL), nil for the default.
    struct Host: Sendable {
        var name: String
        var port: Int?

        init(name: String, port: Int? = nil) {
            self.name = name
            self.port = port
        }
    }

    var hosts: [Host] = []
    var port = 3306
    var socket: String?
    var user = "slaveread"
    var database = "nmsprime"
    var passwordEnv: String?
    var requireTLS = false

    init() {}

    /// The checked target, or every problem found.
    func build(display: String) -> Result<DatabaseTarget, Problems> {
        var problems: [Problem] = []
        func check(_ part: Part, _ problem: String?) {
            if let problem { problems.append(Problem(part: part, message: problem)) }
        }
        check(.user, Self.problem(user: user))
        check(.database, Self.problem(database: database))
        check(.port, Self.problem(port: port))
        if let passwordEnv { check(.passwordEnv, Self.problem(environmentName: passwordEnv)) }
        var endpoints: [MariaDBEndpoint] = []
        if let socket {
            check(.socket, Self.problem(socket: socket))
            endpoints = [MariaDBEndpoint(port: port, socket: socket, user: user, database: database, requireTLS: requireTLS)]
        } else {
            for host in hosts {
                check(.host, Self.problem(host: host.name))
                if let own = host.port { check(.port, Self.problem(port: own)) }
                endpoints.append(
                    MariaDBEndpoint(
                        host: host.name, port: host.port ?? port, user: user, database: database,
                        requireTLS: requireTLS))
            }
            if hosts.isEmpty { check(.host, "no host or socket is given") }
        }
        guard problems.isEmpty else { return .failure(Problems(all: problems)) }
        return .success(DatabaseTarget(endpoints: endpoints, passwordEnv: passwordEnv, display: display))
    }

    // MARK: - The rules

    /// A host name or IPv4/IPv6 literal: letters, digits, '.', '-', ':' (IPv6), at most 253.
    static func problem(host: String) -> String? {
        let allowed = host.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") }
        return !host.isEmpty && host.utf8.count <= 253 && allowed ? nil : "host \(DiagnosticText.quoted(host)) is not a host name or address"
    }

    static func problem(port: Int) -> String? {
        (1...65535).contains(port) ? nil : "port \(port) is not a TCP port (1-65535)"
    }

    /// MariaDB user names: printable ASCII without quotes, at most 80 characters.
    static func problem(user: String) -> String? {
        let allowed = user.utf8.allSatisfy {
            $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "'") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "`")
        }
        return !user.isEmpty && user.utf8.count <= 80 && allowed ? nil : "user \(DiagnosticText.quoted(user)) is not a MariaDB user name"
    }

    /// Database names as NMS Prime uses them: letters, digits, '_', '$' and '-', at most 64.
    static func problem(database: String) -> String? {
        let allowed = database.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "-") }
        return !database.isEmpty && database.utf8.count <= 64 && allowed ? nil : "database \(DiagnosticText.quoted(database)) is not a database name"
    }

    static func problem(socket: String) -> String? {
        socket.hasPrefix("/") && socket.utf8.count < 108 && socket.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f })
            ? nil : "socket \(DiagnosticText.quoted(socket)) is not an absolute socket path"
    }

    static func problem(environmentName name: String) -> String? {
        guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
            name.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") })
        else {
            return "\(DiagnosticText.quoted(name)) is not an environment variable name"
        }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
    }
}
