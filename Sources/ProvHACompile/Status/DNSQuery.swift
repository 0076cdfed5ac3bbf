import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One DNS question over UDP (RFC 1035), for `status`: the SOA serial of a zone, the A records
/// of a name. Only what a monitoring check needs: no recursion asked, no TCP fallback, no
/// EDNS; a truncated or malformed answer is an error.
enum DNSQuery {
    enum RecordType: UInt16 {
        case a = 1
        case soa = 6
    }

    /// An answer: the response code and the records of the asked type (A: the address; SOA:
    /// the serial).
    struct Answer: Equatable {
        let responseCode: Int
        let addresses: [IPv4Address]
        let serial: UInt32?

        var isNameError: Bool { responseCode == 3 }
    }

    enum Failure: Error, Equatable, CustomStringConvertible {
        case noAnswer(seconds: Double)
        case malformed(String)

        var description: String {
            switch self {
            case let .noAnswer(seconds): return "no answer within \(String(format: "%g", seconds)) s"
            case let .malformed(why): return "a malformed answer (\(why))"
            }
        }
    }

    static func ask(_ name: String, type: RecordType, server: IPv4Address, port: UInt16 = 53, timeout: Double = 2) -> Result<Answer, Failure> {
        let identifier = UInt16.random(in: 0...UInt16.max)
        let question = query(name, type: type, identifier: identifier)
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .failure(.noAnswer(seconds: 0)) }
        defer { close(descriptor) }
        guard server.connect(descriptor, port: port) == 0,
            question.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == question.count
        else {
            return .failure(.noAnswer(seconds: timeout))
        }
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return .failure(.noAnswer(seconds: timeout)) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000) + 1) == 1 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            // A refused port (ICMP) shows as an error: no server answers there.
            guard count > 0 else { return .failure(.noAnswer(seconds: timeout)) }
            let packet = Array(buffer[..<count])
            guard packet.count >= 12, UInt16(packet[0]) << 8 | UInt16(packet[1]) == identifier else { continue }
            return parse(packet, type: type)
        }
    }

    /// The query: header (recursion not desired), one question, class IN.
    static func query(_ name: String, type: RecordType, identifier: UInt16) -> [UInt8] {
        var packet: [UInt8] = [UInt8(identifier >> 8), UInt8(identifier & 0xff), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") {
            let bytes = Array(label.utf8.prefix(63))
            packet.append(UInt8(bytes.count))
            packet += bytes
        }
        packet += [0, UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xff), 0, 1]
        return packet
    }

    static func parse(_ packet: [UInt8], type: RecordType) -> Result<Answer, Failure> {
        guard packet[2] & 0x02 == 0 else { return .failure(.malformed("truncated")) }
        let responseCode = Int(packet[3] & 0x0f)
        let questions = Int(packet[4]) << 8 | Int(packet[5])
        let answers = Int(packet[6]) << 8 | Int(packet[7])
        var offset = 12
        for _ in 0..<questions {
            guard let end = skipName(packet, from: offset), end + 4 <= packet.count else { return .failure(.malformed("question")) }
            offset = end + 4
        }
        var addresses: [IPv4Address] = []
        var serial: UInt32?
        for _ in 0..<answers {
            guard let end = skipName(packet, from: offset), end + 10 <= packet.count else { return .failure(.malformed("record")) }
            let recordType = UInt16(packet[end]) << 8 | UInt16(packet[end + 1])
            let length = Int(packet[end + 8]) << 8 | Int(packet[end + 9])
            let data = end + 10
            guard data + length <= packet.count else { return .failure(.malformed("record data")) }
            if recordType == RecordType.a.rawValue, type == .a, length == 4 {
                addresses.append(IPv4Address(packet[data..<data + 4].reduce(0) { $0 << 8 | UInt32($1) }))
            } else if recordType == RecordType.soa.rawValue, type == .soa {
                guard let primaryEnd = skipName(packet, from: data), let mailboxEnd = skipName(packet, from: primaryEnd),
                    mailboxEnd + 4 <= data + length
                else { return .failure(.malformed("SOA")) }
                serial = packet[mailboxEnd..<mailboxEnd + 4].reduce(0) { $0 << 8 | UInt32($1) }
            }
            offset = data + length
        }
        return .success(Answer(responseCode: responseCode, addresses: addresses.sorted(), serial: serial))
    }

    /// The offset after the (possibly compressed) name at `offset`; nil past the packet's end.
    private static func skipName(_ packet: [UInt8], from offset: Int) -> Int? {
        var offset = offset
        while offset < packet.count {
            let length = Int(packet[offset])
            if length == 0 { return offset + 1 }
            if length & 0xc0 == 0xc0 { return offset + 2 <= packet.count ? offset + 2 : nil }
            offset += 1 + length
        }
        return nil
    }
}
