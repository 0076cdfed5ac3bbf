import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to its end and keeps what it printed (standard output and error together).
///
/// Spawned directly and waited for by its process ID, with its output in an unlinked temporary
/// file and no other descriptor of this process: a command that starts a daemon (a reload
/// command without systemd) returns when it exits, whatever the daemon inherits and holds.
/// (Foundation's `Process` waited for such a daemon: its child-watching descriptor is inherited.)
enum Subprocess {
    /// `environment` adds to this process's environment; `input` is its standard input (else
    /// it reads nothing).
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil
    ) -> (
        status: Int32, output: String
    ) {
        guard let output = temporaryFile(), let inputFile = temporaryFile() else {
            return (127, "cannot make a temporary file for \(program)")
        }
        defer {
            close(output)
            close(inputFile)
        }
        if let input {
            var text = input
            text.withUTF8 { buffer in _ = buffer.baseAddress.map { write(inputFile, $0, buffer.count) } }
            lseek(inputFile, 0, SEEK_SET)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputFile, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        for inherited in openDescriptors() where inherited > 2 { posix_spawn_file_actions_addclose(&actions, inherited) }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }.sorted()
        var pid = pid_t()
        let spawned = withCStrings([program] + arguments) { argv in
            withCStrings(variables) { envp in posix_spawn(&pid, program, &actions, nil, argv, envp) }
        }
        guard spawned == 0 else { return (127, "cannot run \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return (127, "cannot wait for \(program): \(String(cString: strerror(errno)))") }
        }
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        var data = Data()
        lseek(output, 0, SEEK_SET)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            data.append(contentsOf: chunk[..<count])
        }
        return (exitStatus, String(decoding: data, as: UTF8.self))
    }

    /// This process's open descriptors (`/proc/self/fd`; glibc ignores closing one that has
    /// closed since, such as the listing's own).
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// An open, already unlinked temporary file.
    private static func temporaryFile() -> Int32? {
        var template = Array((NSTemporaryDirectory() + "/provha-run.XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { return nil }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
        return descriptor
    }

    /// Calls `body` with a NULL-terminated C array of the strings.
    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer {
            for pointer in pointers { free(pointer) }
        }
        return body(pointers)
    }
}

/// Where programs are looked for: PATH, then the sbin folders daemons and their tools live in.
struct ProgramSearch {
    let folders: [String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    }

    /// The first executable `program` in those folders; nil when none is installed.
    func find(_ program: String) -> String? {
        folders.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
