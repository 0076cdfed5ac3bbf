import Foundation
import XCTest

@testable import ProvHACompile

/// `Status/HTTPPost`: the Kea probe's HTTP exchange, against a listener on the loopback that
/// answers as told (Content-Length, chunked, nothing), and its reply parser on broken replies.
final class HTTPPostTests: XCTestCase {
    /// A listener on 127.0.0.1 that reads one request, keeps it, and writes `reply` (then closes),
    /// or with `reply` nil, holds the connection without answering.
    private final class OneShotServer: @unchecked Sendable {
        let port: Int
        private let listener: Int32
        private let finished = DispatchSemaphore(value: 0)
        private(set) var request = ""

        init(reply: String?) throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.listener = listener
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
                }
            }
            guard bound else { throw CompilationFailed() }
            port = Int(UInt16(bigEndian: address.sin_port))
            Thread.detachNewThread { [self] in
                let listener = self.listener
                let connection = accept(listener, nil, nil)
                var buffer = [UInt8](repeating: 0, count: 4096)
                var received: [UInt8] = []
                // The request ends with its body: headers, an empty line, Content-Length bytes.
                while !String(decoding: received, as: UTF8.self).hasSuffix("}") {
                    let count = recv(connection, &buffer, buffer.count, 0)
                    if count <= 0 { break }
                    received += buffer[0..<count]
                }
                request = String(decoding: received, as: UTF8.self)
                if let reply {
                    _ = Array(reply.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
                    close(connection)
                } else {
                    finished.wait()
                    close(connection)
                }
                close(listener)
            }
        }

        func stop() { finished.signal() }
    }

    private let question = #"{ "command": "ha-heartbeat", "service": [ "dhcp4" ] }"#

    private func post(to server: OneShotServer, timeout: Double = 5) throws -> Result<HTTPPost.Reply, HTTPFailure> {
        let loopback = try XCTUnwrap(IPv4Address("127.0.0.1"))
        return HTTPPost(address: loopback, port: server.port, timeout: timeout).send(json: question)
    }

    func testAReplyWithContentLengthGivesItsStatusAndBody() throws {
        let server = try OneShotServer(
            reply: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n[ {\"result\":0} ]trailing")
        let reply = try post(to: server).get()
        XCTAssertEqual(reply, HTTPPost.Reply(status: 200, body: Array("[ {\"result\":0}".utf8)))
        XCTAssertTrue(server.request.hasPrefix("POST / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"), server.request)
        XCTAssertTrue(server.request.contains("\r\nContent-Length: \(question.utf8.count)\r\nConnection: close\r\n\r\n\(question)"), server.request)
    }

    func testAChunkedReplyIsJoined() throws {
        let server = try OneShotServer(
            reply: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[ {\"r\r\n9;x=1\r\nesult\":0}\r\n2\r\n ]\r\n0\r\n\r\n")
        XCTAssertEqual(try post(to: server).get().body, Array("[ {\"result\":0} ]".utf8))
    }

    func testAServerThatNeverAnswersFailsWithinTheTimeout() throws {
        let server = try OneShotServer(reply: nil)
        defer { server.stop() }
        let started = Date()
        guard case let .failure(.noAnswer(reason)) = try post(to: server, timeout: 1) else { return XCTFail("an answer from nothing") }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        XCTAssertEqual(reason, "no complete answer within 1.0 s")
    }

    func testNobodyListeningCannotConnect() throws {
        let server = try OneShotServer(reply: "HTTP/1.1 200 OK\r\n\r\n")
        _ = try post(to: server)  // the one connection it takes; then nothing listens there
        guard case .failure(.cannotConnect) = try post(to: server) else { return XCTFail("connected to a closed port") }
    }

    func testBrokenRepliesAreMalformedNotCrashes() {
        for reply in ["", "garbage", "HTTP/1.1 200 OK\r\n", "SMTP 220 hello\r\n\r\n", "HTTP/1.1 OK\r\n\r\n"] {
            guard case .failure(.malformed) = HTTPPost.parse(Array(reply.utf8)) else { return XCTFail("accepted \(reply.debugDescription)") }
        }
        let short = "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n{}"
        XCTAssertEqual(HTTPPost.parse(Array(short.utf8)), .failure(.malformed("a body shorter than its Content-Length")))
        for chunked in ["zz\r\nab\r\n0\r\n\r\n", "5\r\nab", "5\r\nabcde\r\n", "ffffffffffffffffff\r\n"] {
            XCTAssertNil(HTTPPost.unchunk(Array(chunked.utf8)), chunked.debugDescription)
        }
    }
}
