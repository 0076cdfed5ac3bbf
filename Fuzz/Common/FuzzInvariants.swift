import Foundation
import ProvHACompile

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

    /// A diagnostic prints as exactly one line of printable text.
    public static func requireOneLine(_ diagnostic: Diagnostic) {
        let line = diagnostic.description
        require(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, "diagnostic is not one printable line", line)
        require(line.count < DiagnosticText.messageLimit + 400, "diagnostic too long", line.prefix(200))
    }
}
