import Foundation
import XCTest

@testable import ProvHACompile

/// systemd itself accepts every generated unit (TFTP, time, the master's sync, DNS) and the named
/// drop-in, Perl the time helper and bash the DNS helpers (dns-sync, cpe-ddns); what the units do in real daemons is the integration suite's part.
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
                // Units flat in one folder; a drop-in in its folder beside a stub of the unit it extends.
                var flat = units.map { unit in
                    let components = unit.path.split(separator: "/")
                    let dropIn = components.dropLast().last.map { $0.hasSuffix(".d") } ?? false
                    // The watch runs the compiler where the nodes have it; here, where it was built.
                    let contents = unit.contents.replacingOccurrences(
                        of: ApplySettings().program + " watch", with: Repository.executable.path + " watch")
                    return GeneratedFile(
                        path: components.suffix(dropIn ? 2 : 1).joined(separator: "/"), reload: .none, contents: contents, mode: unit.mode)
                }
                let stubs = Set(flat.filter { $0.path.contains(".d/") }.map { String($0.path.prefix { $0 != "/" }.dropLast(2)) })
                flat += stubs.sorted().map { GeneratedFile(path: $0, reload: .none, contents: "[Service]\nExecStart=/bin/true\n") }
                try OutputWriter(root: folder.path).writeFiles(flat)
                let loadable = flat.filter { !$0.path.contains(".d/") }
                let result = try runProgram(analyze, ["verify", "--man=no"] + loadable.map { folder.appendingPathComponent($0.path).path })
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
        try OutputWriter(root: folder.path).writeFiles([GeneratedFile(path: "rfc868-time", reload: .none, contents: helper.contents)])
        let result = try runProgram(perl, ["-c", folder.appendingPathComponent("rfc868-time").path])
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    func testBashParsesTheDNSHelpers() throws {
        let bash = try requireProgram("bash", package: "bash")
        for name in Repository.exampleNames {
            for script in try renderExample(name).filter({ $0.path.hasSuffix(DNSSyncPaths.script) || $0.path.hasSuffix(LogConfEmitter.script) }) {
                XCTAssertEqual(script.mode, 0o755)
                let folder = try temporaryFolder()
                defer { try? FileManager.default.removeItem(at: folder) }
                try OutputWriter(root: folder.path).writeFiles([GeneratedFile(path: "dns-sync", reload: .none, contents: script.contents)])
                let result = try runProgram(bash, ["-n", folder.appendingPathComponent("dns-sync").path])
                XCTAssertEqual(result.status, 0, "\(name)/\(script.path): \(result.standardError)")
            }
        }
    }

    /// The sync is the master's: the slave never pushes, and the slave's host key is pinned.
    func testOnlyTheMasterSyncsAndItTrustsOnlyThePinnedHostKey() throws {
        let files = try renderExample("lab")
        XCTAssertFalse(files.contains { $0.path.hasPrefix("slave") && ($0.path.contains("provha-sync") || $0.path.contains("sync-known_hosts")) })
        let service = try XCTUnwrap(files.first { $0.path == "master\(SystemdPaths.unit("sync.service"))" })
        XCTAssertTrue(
            service.contents.contains(
                "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=\(MasterSyncEmitter.knownHosts) -o GlobalKnownHostsFile=/dev/null"))
        XCTAssertTrue(
            service.contents.contains(
                "ExecStart=/usr/bin/rsync --archive --delete --ignore-missing-args /tftpboot/cvc /tftpboot/fw /tftpboot/keyfile root@172.20.0.101:/tftpboot/\n"
            ))
        let knownHosts = try XCTUnwrap(files.first { $0.path == "master\(MasterSyncEmitter.knownHosts)" })
        XCTAssertTrue(
            knownHosts.contents.hasSuffix("\n172.20.0.101 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILUyQqblHm7X+EDOpSAOm0gsv/TTyKd20IjmX4U4GuO/\n"))
    }
}
