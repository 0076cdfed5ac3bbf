import Foundation
import FuzzSupport
@testable import ProvHACompile

/// libFuzzer target: any bytes through the value escapers. Each must return, and what it
/// lets through must be safe for its syntax.
@_cdecl("fuzz_values_main")
public func fuzzerEntry(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzValues)
}

private func fuzzValues(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = bytes else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if DHCPDSyntax.problemInString(text) == nil {
        FuzzInvariants.require(!text.contains("\"") && !text.contains("\\") && !text.contains("\n"), "dhcpd string let through", text)
    }
    if DHCPDSyntax.problemInStatements(text) == nil {
        // An oracle of its own: strings and comments out, then no `execute` word may remain.
        let code = text.replacingOccurrences(of: #""(\\.|[^"\\\n])*"|#[^\n]*"#, with: " ", options: .regularExpression)
        FuzzInvariants.require(
            code.range(of: #"(?i)(^|[^a-z0-9_.:-])execute($|[^a-z0-9_.:-])"#, options: .regularExpression) == nil,
            "execute let through", text)
    }
    if DeployedPath.problem(text) == nil {
        let segments = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        FuzzInvariants.require(
            text.hasPrefix("/") && !segments.contains { $0 == ".." || $0 == "." } && !text.contains(",") && !text.contains(" "),
            "deployed path let through", text)
    }
    let comment = CommentSyntax.safe(text)
    FuzzInvariants.require(comment.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f } || comment.hasSuffix("…"), "comment not printable", comment)
    let line = DiagnosticText.oneLine(text)
    FuzzInvariants.require(!line.unicodeScalars.contains { $0.value < 0x20 }, "diagnostic line break", line)
    let quoted = DiagnosticText.quoted(text)
    FuzzInvariants.require(
        !quoted.unicodeScalars.contains { $0.value < 0x20 } && quoted.count <= DiagnosticText.valueLimit * 10 + 40,
        "quoted value unsafe", quoted)
    return 0
}
