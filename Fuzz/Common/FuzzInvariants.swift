import Foundation
@testable import ProvHACompile

/// What every fuzz target checks, and how it reports a broken invariant: a message on
/// standard error, then a trap that libFuzzer records as a crash with its input.
public enum FuzzInvariants {
    public static func fail(_ what: String, _ detail: Any) -> Never {
        FileHandle.standardError.write(Data("invariant broken: \(what): \(detail)\n".utf8))
        fatalError(what)
    }

    public static func require(_ condition: Bool, _ what: String, _ detail: Any) {
        if !condition { fail(what, detail) }
    }

    /// Findings about the cluster file as a whole, the only ones without a position in it: a
    /// section that is absent, a file libyaml cannot read at all.
    public static func isAboutTheWholeClusterFile(_ diagnostic: Diagnostic) -> Bool {
        let messages = [
            "the cluster file is", "cannot parse YAML", "invalid YAML", "no 'tftp.sync' is configured",
            "no 'ddns' key is configured", "no 'failover.omapi_key' is configured", "dhcp.time_offset is not set",
            "no 'database' section is configured",
        ]
        return messages.contains(where: diagnostic.message.hasPrefix)
    }

    /// A diagnostic, and each of its notes, prints as exactly one line of printable text.
    public static func requireOneLine(_ diagnostic: Diagnostic) {
        for line in ([diagnostic] + diagnostic.notes).map(\.line) {
            require(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, "diagnostic is not one printable line", line)
            require(line.count < DiagnosticText.messageLimit + 400, "diagnostic too long", line.prefix(200))
        }
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer's driver with one target. SwiftPM links an executable's entry point as
/// `<module>_main`; each target defines that symbol and hands its arguments here.
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var count = argc
    var arguments = argv
    return llvmFuzzerRunDriver(&count, &arguments, callback)
}
