/// Free text from the database that no check has vouched for (`ippool.optional`, a CMTS's
/// company). It cannot be interpolated into a string — the compiler refuses
/// `"\(unchecked)"` — so an emitter cannot write it by accident: the check of the syntax it
/// lands in turns it into one of the safe types below, or the build stops with its location.
public struct UncheckedText: Sendable, Hashable {
    /// The raw value, for checks, comparisons and quoted diagnostics; never for a file.
    let uncheckedValue: String

    init(_ value: String) { uncheckedValue = value }

    public var isEmpty: Bool { uncheckedValue.isEmpty }
}

extension DefaultStringInterpolation {
    @available(
        *, unavailable, message: "unchecked text: pass it through the check of the syntax it lands in (DHCPDStatements, DHCPDString, CommentText)"
    )
    mutating func appendInterpolation(_ value: UncheckedText) {}
}

/// dhcpd statements proven to stay inside the block they are pasted into
/// (`DHCPDSyntax.problemInStatements`).
struct DHCPDStatements: Sendable, CustomStringConvertible {
    let description: String

    /// The checked statements, or what is wrong with them.
    static func check(_ text: UncheckedText) -> Result<DHCPDStatements, SyntaxProblem> {
        if let problem = DHCPDSyntax.problemInStatements(text.uncheckedValue) { return .failure(SyntaxProblem(description: problem)) }
        return .success(DHCPDStatements(description: text.uncheckedValue))
    }
}

/// Text proven safe inside a dhcpd string (`DHCPDSyntax.problemInString`).
struct DHCPDString: Sendable, Hashable, Comparable, CustomStringConvertible {
    let description: String

    static func check(_ text: UncheckedText) -> Result<DHCPDString, SyntaxProblem> {
        if let problem = DHCPDSyntax.problemInString(text.uncheckedValue) { return .failure(SyntaxProblem(description: problem)) }
        return .success(DHCPDString(description: text.uncheckedValue))
    }

    static func < (lhs: DHCPDString, rhs: DHCPDString) -> Bool { lhs.description < rhs.description }
}

/// Text made safe for a comment line of any generated file (`CommentSyntax.safe`): always
/// possible, by escaping.
struct CommentText: Sendable, CustomStringConvertible {
    let description: String

    init(_ text: UncheckedText) { description = CommentSyntax.safe(text.uncheckedValue) }
}

/// Why a value cannot stand in a syntax.
struct SyntaxProblem: Error, Sendable, CustomStringConvertible {
    let description: String
}

extension DiagnosticText {
    /// An unchecked value, quoted for a diagnostic.
    public static func quoted(_ value: UncheckedText) -> String { quoted(value.uncheckedValue) }
}
