/// A path on the deployed machine that the cluster file names (zone folder, cacti paths). It
/// lands in named's configuration, in autofs maps and sshfs options, and — for the zone folder
/// — names files of the output tree, so it is held to a plain form: absolute, made of
/// letters, digits, '.', '_', '-', '+' and '/', without empty, `.` or `..` segments.
enum DeployedPath {
    /// What is wrong with `path`, nil when it has the plain form.
    static func problem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "must be an absolute path" }
        guard path.utf8.count <= 255 else { return "is longer than 255 characters" }
        let plain = path.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
        guard plain else { return "may hold only letters, digits, '.', '_', '-', '+' and '/' (no spaces, quotes, ',', '&', '$', ':')" }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path == "/" || !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            return "must not hold empty, '.' or '..' segments"
        }
        return nil
    }
}
