#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension IPv4Address {
    /// Connects the IPv4 socket `descriptor` to this address and `port`: `connect`'s result
    /// (0, or -1 with `errno`; `EINPROGRESS` for a non-blocking stream socket).
    func connect(_ descriptor: Int32, port: UInt16) -> Int32 {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(port.bigEndian)
        target.sin_addr = in_addr(s_addr: value.bigEndian)
        return withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
