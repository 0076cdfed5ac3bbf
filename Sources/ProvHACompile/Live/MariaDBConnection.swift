import CMariaDB
import Foundation

/// An error of the MariaDB client library or server, with the server's own message.
struct MariaDBError: Error, CustomStringConvertible {
    let code: UInt32
    let message: String
    var description: String { "\(message) (MariaDB error \(code))" }
}

/// Where and as whom to connect. The password is held only in memory, never printed.
struct MariaDBEndpoint: Sendable, Equatable {
    var host: String?
    var port: Int = 3306
    var socket: String?
    var user: String
    var database: String
    var requireTLS = false

    init(host: String? = nil, port: Int = 3306, socket: String? = nil, user: String, database: String, requireTLS: Bool = false) {
        self.host = host
        self.port = port
        self.socket = socket
        self.user = user
        self.database = database
        self.requireTLS = requireTLS
    }

    /// `HOST:PORT` or the socket path, for messages.
    var address: String { socket ?? "\(host ?? "localhost"):\(port)" }
}

/// A small, synchronous wrapper over libmariadb: connect, run statements, stream rows.
final class MariaDBConnection {
    private let handle: UnsafeMutablePointer<MYSQL>

    /// Connects, or throws the client's or server's error. `timeout` bounds the connect.
    init(_ endpoint: MariaDBEndpoint, password: String?, timeout: UInt32 = 5) throws {
        guard let handle = mysql_init(nil) else { throw MariaDBError(code: 0, message: "mysql_init failed: out of memory") }
        self.handle = handle
        var seconds = timeout
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &seconds)
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &seconds)
        if endpoint.requireTLS {
            var enforce: my_bool = 1
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &enforce)
        }
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        let connected = mysql_real_connect(
            handle, endpoint.socket == nil ? endpoint.host : nil, endpoint.user, password,
            endpoint.database, UInt32(endpoint.port), endpoint.socket, 0)
        // On failure deinit closes the handle (an initialised object that throws is deinitialised).
        guard connected != nil else { throw lastError() }
    }

    deinit { mysql_close(handle) }

    private func lastError() -> MariaDBError {
        MariaDBError(code: mysql_errno(handle), message: String(cString: mysql_error(handle)))
    }

    /// Runs a statement that returns no rows.
    func execute(_ sql: String) throws {
        guard mysql_real_query(handle, sql, UInt(sql.utf8.count)) == 0 else { throw lastError() }
        if let result = mysql_store_result(handle) { mysql_free_result(result) }
    }

    /// Runs a query and streams its rows (NULL as nil) to `row`; returns the column names.
    @discardableResult
    func query(_ sql: String, row: ([String?]) throws -> Void) throws -> [String] {
        guard mysql_real_query(handle, sql, UInt(sql.utf8.count)) == 0 else { throw lastError() }
        guard let result = mysql_use_result(handle) else { throw lastError() }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        var names: [String] = []
        if let fields = mysql_fetch_fields(result) {
            for index in 0..<count { names.append(String(cString: fields[index].name)) }
        }
        var values = [String?](repeating: nil, count: count)
        while let fetched = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { throw lastError() }
            for index in 0..<count {
                if let cell = fetched[index] {
                    values[index] = cell.withMemoryRebound(to: UInt8.self, capacity: Int(lengths[index])) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: Int(lengths[index])), as: UTF8.self)
                    }
                } else {
                    values[index] = nil
                }
            }
            try row(values)
        }
        guard mysql_errno(handle) == 0 else { throw lastError() }
        return names
    }
}

extension MariaDBConnection {
    /// Connects to the first endpoint of `target` that answers, in order (the Galera nodes a
    /// URL or `database` section lists). Each host that does not answer is passed to `failed`
    /// with the server's or client's reason; when none answers, the last reason is thrown.
    static func firstAnswering(
        _ target: DatabaseTarget, password: String?, failed: (MariaDBEndpoint, any Error) -> Void = { _, _ in }
    ) throws -> (connection: MariaDBConnection, endpoint: MariaDBEndpoint) {
        var lastError: any Error = MariaDBError(code: 0, message: "no database host given")
        for endpoint in target.endpoints {
            do {
                return (try MariaDBConnection(endpoint, password: password), endpoint)
            } catch {
                failed(endpoint, error)
                lastError = error
            }
        }
        throw lastError
    }

    /// `firstAnswering` with its story told in `diagnostics`: a note per host that did not
    /// answer (with the reason), and an error when none did; nil then.
    static func firstAnswering(
        _ target: DatabaseTarget, password: String?, diagnostics: DiagnosticCollector
    ) -> (connection: MariaDBConnection, endpoint: MariaDBEndpoint)? {
        let location = SourceLocation.input(path: target.display)
        do {
            return try firstAnswering(target, password: password) { endpoint, error in
                guard endpoint != target.endpoints.last else { return }
                diagnostics.emit(Diagnostic(.note, "cannot connect to \(endpoint.address): \(error); trying the next host", at: location))
            }
        } catch {
            let last = target.endpoints.last?.address ?? target.display
            diagnostics.error("cannot connect to \(last): \(error)", at: location)
            return nil
        }
    }
}
