import Foundation
import XCTest

@testable import ProvHACompile

/// Paths of the repository the tests run in.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("examples")
    static let golden = root.appendingPathComponent("golden")
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")

    /// The example clusters: every `examples/<name>/cluster.yaml`.
    static var exampleNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: examples.appendingPathComponent("\($0)/cluster.yaml").path) }.sorted()
    }

    /// The built `provha-compile` executable, in the build folder that holds the test binary.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("provha-compile")
    }
}

/// The result of running a program to its end.
struct ProcessResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs a program with arguments in a folder, collecting both output streams.
func runProgram(_ program: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String]? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    if let environment { process.environment = environment }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read both pipes to their end before waiting, so that a full pipe cannot block the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let errorData = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errorData.data = errors.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData.data, as: UTF8.self))
}

/// Finds a program on PATH or in the sbin folders where Debian installs daemons.
func findProgram(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin"]
    return folders.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// Skips a test when a checker is missing, except in CI, where its absence is a failure.
func requireProgram(_ name: String, package: String) throws -> URL {
    if let program = findProgram(name) { return program }
    if ProcessInfo.processInfo.environment["CI"] != nil {
        XCTFail("\(name) is not installed; CI must install the Debian package \(package)")
    }
    throw XCTSkip("\(name) is not installed (Debian package \(package))")
}

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("provha-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Compiles an example cluster in-process, failing the test on any error.
func renderExample(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [GeneratedFile] {
    let pipeline = CompilerPipeline()
    let input = CompilerPipeline.Input(
        clusterFile: Repository.examples.appendingPathComponent("\(name)/cluster.yaml").path,
        environment: [:])
    guard let files = pipeline.render(input) else {
        XCTFail(
            "example \(name) does not build:\n" + pipeline.diagnostics.diagnostics.map(\.description).joined(separator: "\n"),
            file: file, line: line)
        throw CompilationFailed()
    }
    return files
}

/// The validated model of an example cluster, failing the test when it does not validate.
func exampleModel(_ name: String) throws -> ClusterModel {
    let input = CompilerPipeline.Input(clusterFile: Repository.examples.appendingPathComponent("\(name)/cluster.yaml").path, environment: [:])
    return try XCTUnwrap(CompilerPipeline().validatedModel(input), "\(name) does not validate")
}

/// Writes a rendered tree into `folder` the way a checker can read it (`RealCheckers.layOut`).
func materializeForCheckers(_ files: [GeneratedFile], in folder: URL) throws {
    try RealCheckers.layOut(files, in: folder.path)
}

/// The steps of a build of `next` over a folder built from `previous` (what the kill and
/// failure hooks count): each changed file staged, the journal's commit, each rename (the
/// manifest's too), each removal.
struct WriteSteps {
    let staged: Int
    let removed: Int
    var commit: Int { staged + 1 }
    var total: Int { staged + 1 + staged + 1 + removed }
    /// While staging, at the commit, while renaming, at the manifest, while removing.
    var samples: [Int] {
        Array(Set([1, staged / 2, staged, commit, commit + 1, commit + staged / 2, commit + staged, commit + staged + 1, total])).sorted()
    }

    /// Builds `previous` into a scratch folder beside `folder` and plans `next` over it.
    init(from previous: String, to next: String, in folder: URL) throws {
        let scratch = folder.deletingLastPathComponent().appendingPathComponent("\(folder.lastPathComponent)-steps")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let built = try runProgram(Repository.executable, ["build", previous, "--out", scratch.path])
        XCTAssertEqual(built.status, 0, built.standardError)
        let pipeline = CompilerPipeline()
        guard let files = pipeline.render(CompilerPipeline.Input(clusterFile: next)) else { throw CompilationFailed() }
        let plan = try OutputWriter(root: scratch.path).plan(files)
        staged = plan.added.count + plan.changed.count
        removed = plan.removed.count
    }
}

/// Runs `body` with the case's `dump.sql` in place: a case that holds `dump.edit` (the shared
/// base dump with a few lines replaced) gets it written for the run and removed after.
func withCorpusCaseDump<Result>(_ folder: URL, _ body: () throws -> Result) throws -> Result {
    let edit = folder.appendingPathComponent("dump.edit")
    guard FileManager.default.fileExists(atPath: edit.path) else { return try body() }
    let dump = folder.appendingPathComponent("dump.sql")
    try Data(try editedBaseDump(String(contentsOf: edit, encoding: .utf8)).utf8).write(to: dump)
    defer { try? FileManager.default.removeItem(at: dump) }
    return try body()
}

/// The base dump with each `- LINE` replaced by the `+ LINE` after it; each `- ` line must
/// occur in the base exactly once.
func editedBaseDump(_ edit: String) throws -> String {
    var lines = try String(contentsOf: Repository.fixtures.appendingPathComponent("base/dump.sql"), encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let edits = edit.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    for pair in stride(from: 0, to: edits.count, by: 2) {
        guard edits[pair].hasPrefix("- "), pair + 1 < edits.count, edits[pair + 1].hasPrefix("+ ") else {
            throw DumpEditError(line: edits[pair])
        }
        let old = String(edits[pair].dropFirst(2))
        guard let index = lines.firstIndex(of: old), lines.lastIndex(of: old) == index else { throw DumpEditError(line: old) }
        lines[index] = String(edits[pair + 1].dropFirst(2))
    }
    return lines.joined(separator: "\n")
}

/// A `dump.edit` line that does not apply to the base dump.
struct DumpEditError: Error { let line: String }

/// Every entry below `root` with its type, mode, inode, mtime and bytes (links by target);
/// without `identity`, no inode and mtime (the same contents, perhaps written anew).
func folderState(of root: URL, identity: Bool = true) throws -> [String] {
    guard FileManager.default.fileExists(atPath: root.path) else { return ["<absent>"] }
    var entries: [String] = []
    let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [])
    while let url = walker?.nextObject() as? URL {
        let path = url.path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let kind = attributes[.type] as? FileAttributeType
        var line = "\(path.dropFirst(root.path.count)) \(kind?.rawValue ?? "?") \(attributes[.posixPermissions] ?? 0)"
        if identity {
            line += " \(attributes[.systemFileNumber] ?? 0) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }
        if kind == .typeSymbolicLink {
            line += " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
        } else if kind == .typeRegular {
            line += " " + SHA256Digest.hex(of: FileManager.default.contents(atPath: path) ?? Data())
        }
        entries.append(line)
    }
    return entries.sorted()
}
