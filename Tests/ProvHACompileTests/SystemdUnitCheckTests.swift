import Foundation
import XCTest
@testable import ProvHACompile

/// systemd itself accepts every generated unit (TFTP, time, the master's sync), and Perl the
/// time helper; what the units do in real daemons is the integration suite's part.
final class SystemdUnitCheckTests: XCTestCase {
    func testSystemdAcceptsEveryGeneratedUnitOfEveryExample() throws {
        let analyze = try requireProgram("systemd-analyze", package: "systemd")
        _ = try requireProgram("in.tftpd", package: "tftpd-hpa")
        for name in Repository.exampleNames {
            let files = try renderExample(name)
            for role in NodeRole.allCases {
                let units = files.filter { $0.path.hasPrefix("\(role.rawValue)\(SystemdPaths.units)/") }
                XCTAssertGreaterThanOrEqual(units.count, 6, "\(name)/\(role.rawValue): TFTP and time units")
                let folder = try temporaryFolder()
                defer { try? FileManager.default.removeItem(at: folder) }
                let flat = units.map { GeneratedFile(path: ($0.path as NSString).lastPathComponent, contents: $0.contents, mode: $0.mode) }
                try OutputWriter(root: folder.path).writeFiles(flat)
                let result = try runProgram(analyze, ["verify", "--man=no"] + flat.map { folder.appendingPathComponent($0.path).path })
                XCTAssertEqual(result.status, 0, "\(name)/\(role.rawValue): \(result.standardOutput)\(result.standardError)")
                XCTAssertEqual(result.standardOutput + result.standardError, "", "\(name)/\(role.rawValue)")
            }
        }
    }

    func testPerlCompilesTheTimeHelper() throws {
        let perl = try requireProgram("perl", package: "perl")
        let helper = try XCTUnwrap(try renderExample("lab").first { $0.path == "master\(TimeServiceEmitter.helper)" })
        XCTAssertEqual(helper.mode, 0o755)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try OutputWriter(root: folder.path).writeFiles([GeneratedFile(path: "rfc868-time", contents: helper.contents)])
        let result = try runProgram(perl, ["-c", folder.appendingPathComponent("rfc868-time").path])
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    /// The sync is the master's: the slave never pushes, and the slave's host key is pinned.
    func testOnlyTheMasterSyncsAndItTrustsOnlyThePinnedHostKey() throws {
        let files = try renderExample("lab")
        XCTAssertFalse(files.contains { $0.path.hasPrefix("slave") && $0.path.contains("sync") })
        let service = try XCTUnwrap(files.first { $0.path == "master\(SystemdPaths.unit("sync.service"))" })
        XCTAssertTrue(service.contents.contains("-o StrictHostKeyChecking=yes -o UserKnownHostsFile=\(MasterSyncEmitter.knownHosts) -o GlobalKnownHostsFile=/dev/null"))
        XCTAssertTrue(service.contents.contains("ExecStart=/usr/bin/rsync --archive --delete --ignore-missing-args /tftpboot/cvc /tftpboot/fw /tftpboot/keyfile root@172.20.0.101:/tftpboot/\n"))
        let knownHosts = try XCTUnwrap(files.first { $0.path == "master\(MasterSyncEmitter.knownHosts)" })
        XCTAssertTrue(knownHosts.contents.hasSuffix("\n172.20.0.101 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILUyQqblHm7X+EDOpSAOm0gsv/TTyKd20IjmX4U4GuO/\n"))
    }
}
