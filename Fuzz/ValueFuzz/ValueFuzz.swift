import Foundation
import FuzzSupport
import ProvHACompile

/// libFuzzer target: any bytes through the value escapers. Each must return, and what it
/// lets through must be safe for its syntax.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValues(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if DHCPDSyntax.problemInString(text) == nil {
        FuzzInvariants.require(!text.contains("\"") && !text.contains("\\") && !text.contains("\n"), "dhcpd string let through", text)
    }
    if DHCPDSyntax.problemInStatements(text) == nil {
        FuzzInvariants.require(!text.lowercased().contains("execute") || text.contains("#") || text.contains("\""),
                               "execute let through", text)
    }
    if DeployedPath.problem(text) == nil {
        FuzzInvariants.require(text.hasPrefix("/") && !text.contains("..") && !text.contains(",") && !text.contains(" "),
                               "deployed path let through", text)
    }
    let comment = CommentSyntax.safe(text)
    FuzzInvariants.require(comment.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f } || comment.hasSuffix("…"), "comment not printable", comment)
    let line = DiagnosticText.oneLine(text)
    FuzzInvariants.require(!line.unicodeScalars.contains { $0.value < 0x20 }, "diagnostic line break", line)
    let quoted = DiagnosticText.quoted(text)
    FuzzInvariants.require(!quoted.unicodeScalars.contains { $0.value < 0x20 } && quoted.count <= DiagnosticText.valueLimit + 40,
                           "quoted value unsafe", quoted)
    return 0
}
