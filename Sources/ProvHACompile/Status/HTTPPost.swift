import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 POST over a plain TCP connection, as Kea's HA listener takes its commands:
/// `Connection: close`, a reply read to its end, its body unchunked. Everything within one
/// deadline. It replaces Foundation's URLSession, whose library links libcurl and some thirty
/// libraries behind it into the shipped binary, for one JSON question on the local network.
struct HTTPPost {
    let address: IPv4Address
    let port: Int
    /// Seconds the whole exchange may take.
    let timeout: Double

    /// The reply's status code and body.
    struct Reply: Equatable {
        let status: Int
        let body: [UInt8]
    }

    /// The largest reply read (a heartbeat's is a few hundred bytes).
    static let largestReply = 1 << 20

    func send(path: String = "/", json body: String) -> Result<Reply, HTTPFailure> {
        guard let port = UInt16(exactly: port), port > 0 else { return .failure(.cannotConnect("no TCP port \(self.port)")) }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .failure(.cannotConnect("no socket")) }
        defer { close(descriptor) }
        let deadline = Deadline(seconds: timeout)
        if address.connect(descriptor, port: port) != 0 {
            guard errno == EINPROGRESS, deadline.wait(for: descriptor, events: POLLOUT) else {
                return .failure(.cannotConnect("connection refused or timed out"))
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 else {
                return .failure(.cannotConnect(String(cString: strerror(error))))
            }
        }
        let request = Array(
            ("POST \(path) HTTP/1.1\r\nHost: \(address):\(port)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body).utf8)
        var sent = 0
        while sent < request.count {
            guard deadline.wait(for: descriptor, events: POLLOUT) else { return .failure(.noAnswer("the request could not be sent in time")) }
            let count = request[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 || errno == EAGAIN else { return .failure(.noAnswer("the connection closed while sending")) }
            sent += max(count, 0)
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            guard deadline.wait(for: descriptor, events: POLLIN) else { return .failure(.noAnswer("no complete answer within \(timeout) s")) }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 || errno == EAGAIN else { return .failure(.noAnswer("the connection failed while reading")) }
            reply += buffer[0..<max(count, 0)]
            guard reply.count <= Self.largestReply else { return .failure(.malformed("an answer of more than 1 MiB")) }
        }
        return Self.parse(reply)
    }

    /// Splits a whole HTTP/1.1 reply into its status and its body (de-chunked if it was chunked).
    static func parse(_ reply: [UInt8]) -> Result<Reply, HTTPFailure> {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = reply.indices.dropLast(3).first(where: { reply[$0..<$0 + 4].elementsEqual(separator) }) else {
            return .failure(.malformed("an answer without HTTP headers"))
        }
        let head = String(decoding: reply[..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = head.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            return .failure(.malformed("an answer that is not HTTP/1.x"))
        }
        let headers = head.dropFirst().map { $0.lowercased() }
        var body = Array(reply[(end + 4)...])
        if headers.contains(where: { $0.hasPrefix("transfer-encoding:") && $0.contains("chunked") }) {
            guard let whole = unchunk(body) else { return .failure(.malformed("a chunked body that does not add up")) }
            body = whole
        } else if let length = headers.first(where: { $0.hasPrefix("content-length:") }) {
            guard let count = Int(length.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)), count >= 0,
                count <= body.count
            else { return .failure(.malformed("a body shorter than its Content-Length")) }
            body = Array(body[..<count])
        }
        return .success(Reply(status: status, body: body))
    }

    /// The body of a chunked transfer: hex sizes, each chunk, a zero-size chunk at the end.
    static func unchunk(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var position = 0
        while true {
            guard let lineEnd = bytes[position...].firstIndex(of: 13), lineEnd + 1 < bytes.count, bytes[lineEnd + 1] == 10 else { return nil }
            let sizeText = String(decoding: bytes[position..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0, size <= largestReply else { return nil }
            position = lineEnd + 2
            if size == 0 { return body }
            guard position + size + 2 <= bytes.count else { return nil }
            body += bytes[position..<position + size]
            position += size + 2
        }
    }
}

/// Why an HTTP exchange gave no usable reply.
enum HTTPFailure: Error, Equatable {
    case cannotConnect(String)
    case noAnswer(String)
    /// What it answered instead of HTTP ("an answer without HTTP headers").
    case malformed(String)

    var description: String {
        switch self {
        case let .cannotConnect(reason), let .noAnswer(reason): reason
        case let .malformed(what): "it answered \(what)"
        }
    }
}

/// A point in time that polls wait for at most.
private struct Deadline {
    let end: timespec

    init(seconds: Double) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nanoseconds = Int(now.tv_nsec) + Int((seconds - seconds.rounded(.down)) * 1e9)
        end = timespec(tv_sec: now.tv_sec + Int(seconds) + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
    }

    /// Whether `descriptor` is ready for `events` before the deadline.
    func wait(for descriptor: Int32, events: Int32) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let left = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1_000_000
        guard left > 0 else { return false }
        var poller = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        return poll(&poller, 1, Int32(clamping: left)) == 1 && poller.revents & Int16(events | POLLHUP) != 0
    }
}
