import Foundation
import XCTest

@testable import ProvHACompile

/// `apply` on a node: the node's tree at its deployed paths under `--root`, exactly the services
/// whose files changed reloaded (in order, each told its files), a failed reload answered by the
/// previous files, a killed apply finished or undone by the next, the peer's DHCP awaited.
/// The reload commands are the cluster file's `apply.commands`, here shell lines that log.
final class ApplyTests: XCTestCase {
    private var scratch: URL!
    private var root: URL { scratch.appendingPathComponent("root") }
    private var reloadLog: URL { scratch.appendingPathComponent("reloads.log") }
    /// While it exists, the dhcpd command fails.
    private var dhcpdFails: URL { scratch.appendingPathComponent("dhcpd-fails") }

    override func setUpWithError() throws {
        scratch = try temporaryFolder()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// The lab example (under `name`, with `time_offset`) whose commands log `SERVICE|CHANGED`.
    private func lab(_ name: String = "lab", timeOffset: Int = 3600, dhcpdCommand: String? = nil) throws -> String {
        let folder = scratch.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.copyItem(at: Repository.examples.appendingPathComponent("lab"), to: folder)
        }
        let cluster = folder.appendingPathComponent("cluster.yaml")
        var yaml = try String(contentsOf: Repository.examples.appendingPathComponent("lab/cluster.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "time_offset: 3600", with: "time_offset: \(timeOffset)")
        yaml += "apply:\n  peer_wait: 0\n  commands:\n"
        for service in Reload.applyOrder {
            let failing = service == .dhcpd ? " && test ! -e '\(dhcpdFails.path)'" : ""
            let command = service == .dhcpd ? dhcpdCommand : nil
            yaml += "    \(service.rawValue): \(command ?? "echo \"\(service.rawValue)|$PROVHA_CHANGED\" >> '\(reloadLog.path)'\(failing)")\n"
        }
        try Data(yaml.utf8).write(to: cluster)
        return cluster.path
    }

    private func apply(_ cluster: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        try runProgram(
            Repository.executable, ["apply", cluster, "--node", "slave", "--root", root.path, "--no-verify"] + extra,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    /// The reload log's lines since the last call, emptying it.
    private func reloads() throws -> [String] {
        defer { try? FileManager.default.removeItem(at: reloadLog) }
        guard let text = try? String(contentsOf: reloadLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    func testApplyWritesTheNodesTreeAtItsDeployedPathsThenReloadsEachServiceOnceInOrder() throws {
        let first = try apply(try lab())
        XCTAssertEqual(first.status, 0, first.standardError)
        let golden = Repository.root.appendingPathComponent("golden/lab/slave")
        let goldenPaths = try XCTUnwrap(FileManager.default.subpaths(atPath: golden.path)).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: golden.appendingPathComponent($0).path, isDirectory: &isFolder) && !isFolder.boolValue
        }
        XCTAssertGreaterThan(goldenPaths.count, 20)
        for path in goldenPaths {
            XCTAssertEqual(
                FileManager.default.contents(atPath: root.appendingPathComponent(path).path),
                FileManager.default.contents(atPath: golden.appendingPathComponent(path).path), path)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/rsyslog.d/failover.conf.master").path))
        let services = try reloads().map { String($0.prefix { $0 != "|" }) }
        XCTAssertEqual(
            services, ["systemd", "tmpfiles", "firewalld", "named", "dns-records", "rsyslog", "autofs", "slave-clean-up", "nmsprime-config", "dhcpd"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(TreeLayout.liveRoot.manifest).path))

        let before = try folderState(of: root)
        let again = try apply(try lab())
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertTrue(again.standardError.contains("nothing to do"), again.standardError)
        XCTAssertEqual(try reloads(), [], "nothing changed, nothing reloads")
        XCTAssertEqual(try folderState(of: root), before, "not a file touched")
    }

    func testAChangeReloadsOnlyTheServicesOfTheFilesItChanged() throws {
        XCTAssertEqual(try apply(try lab()).status, 0)
        _ = try reloads()
        let changed = try apply(try lab(timeOffset: 7200))
        XCTAssertEqual(changed.status, 0, changed.standardError)
        XCTAssertEqual(try reloads(), ["dhcpd|etc/dhcp-nmsprime/global.conf"])
    }

    func testAFailedReloadPutsThePreviousFilesBackAndReloadsAgain() throws {
        XCTAssertEqual(try apply(try lab()).status, 0)
        _ = try reloads()
        let before = try folderState(of: root, identity: false)
        try Data().write(to: dhcpdFails)
        let failed = try apply(try lab(timeOffset: 7200))
        XCTAssertEqual(failed.status, 2, failed.standardError)
        XCTAssertTrue(failed.standardError.contains("reloading dhcpd failed (exit status 1); putting the previous files back"), failed.standardError)
        XCTAssertEqual(try folderState(of: root, identity: false), before, "the previous files and manifest, byte for byte")
        XCTAssertEqual(try reloads(), ["dhcpd|etc/dhcp-nmsprime/global.conf", "dhcpd|"], "tried, then reloaded on the old files")

        try FileManager.default.removeItem(at: dhcpdFails)
        XCTAssertEqual(try apply(try lab(timeOffset: 7200)).status, 0)
        XCTAssertEqual(try reloads(), ["dhcpd|etc/dhcp-nmsprime/global.conf"], "the next apply sees the change again")
    }

    func testAFileApplyDidNotWriteIsRefusedWithoutForceAndNothingChanges() throws {
        let theirs = root.appendingPathComponent("etc/dhcp-nmsprime/dhcpd.conf")
        try FileManager.default.createDirectory(at: theirs.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("# NMS Prime's own\n".utf8).write(to: theirs)
        let before = try folderState(of: root)
        let refused = try apply(try lab())
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.standardError.contains("etc/dhcp-nmsprime/dhcpd.conf: error: not written by provha-compile apply"), refused.standardError)
        XCTAssertEqual(try folderState(of: root), before, "no file, no state folder")
        XCTAssertEqual(try reloads(), [])
        // A first install takes it over; a failed reload puts NMS Prime's file back, with its
        // mode and (as root) its group.
        let group = geteuid() == 0 ? getgrnam("daemon").map { $0.pointee.gr_gid } : nil
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o640].merging(group.map { [.groupOwnerAccountID: Int($0)] } ?? [:]) { $1 }, ofItemAtPath: theirs.path)
        try Data().write(to: dhcpdFails)
        XCTAssertEqual(try apply(try lab(), ["--force"]).status, 2)
        XCTAssertEqual(try String(contentsOf: theirs, encoding: .utf8), "# NMS Prime's own\n")
        let restored = try FileManager.default.attributesOfItem(atPath: theirs.path)
        XCTAssertEqual(restored[.posixPermissions] as? Int, 0o640)
        if let group { XCTAssertEqual(restored[.groupOwnerAccountID] as? UInt, UInt(group)) }
        XCTAssertEqual(try folderState(of: root).filter { !$0.hasPrefix("/var") }.count, before.count, "the added files went again")
    }

    /// Killed at each step (staging beside the target, the journal's commit, the renames), an
    /// apply leaves the old files until its journal counts, and the next apply finishes the new
    /// tree and takes away whatever was staged: no `.provha-new` file stays behind.
    func testAKilledApplyIsFinishedByTheNextAndLeavesNoStagedFiles() throws {
        XCTAssertEqual(try apply(try lab()).status, 0)
        let oldState = try folderState(of: root, identity: false)
        XCTAssertEqual(try apply(try lab(timeOffset: 7200)).status, 0)
        let newState = try folderState(of: root, identity: false)
        // One changed file: step 1 stages it, 2 commits the journal, 3 and 4 rename it and the manifest.
        for step in 1...4 {
            try FileManager.default.removeItem(at: root)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            XCTAssertEqual(try apply(try lab()).status, 0)
            let killed = try apply(try lab(timeOffset: 7200), environment: ["PROVHA_TEST_KILL_AFTER_STEPS": "\(step)"])
            XCTAssertEqual(killed.status, 9, "killed after \(step) steps")
            let targets = try folderState(of: root, identity: false).filter { !$0.contains(".provha-new") && !$0.contains("/apply/journal") }
            if step <= 2 { XCTAssertEqual(targets, oldState, "step \(step): before the renames every target is old") }
            XCTAssertEqual(try apply(try lab(timeOffset: 7200)).status, 0)
            XCTAssertEqual(try folderState(of: root, identity: false), newState, "step \(step): finished, nothing staged left")
        }
    }

    /// A command that starts a daemon itself (no systemd) leaves it holding the descriptors it
    /// inherited: apply returns when the command does, not when the daemon exits.
    func testACommandThatLeavesADaemonRunningDoesNotHoldApply() throws {
        let started = Date()
        let applied = try apply(try lab(dhcpdCommand: "sleep 120 & echo started"))
        XCTAssertEqual(applied.status, 0, applied.standardError)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "apply waited for the daemon")
        _ = try runProgram(URL(fileURLWithPath: "/usr/bin/pkill"), ["-f", "sleep 120"])
    }

    /// One `watch` cycle: apply on the first, nothing while the fingerprint holds, apply when
    /// the dump or the cluster file changes or the rebuild interval passed; an unreachable
    /// database changes nothing.
    func testWatchAppliesOnlyWhenTheDatabaseOrClusterFileChangedOrTheIntervalPassed() throws {
        let cluster = try lab()
        var options = CompilerPipeline.ApplyOptions(node: .slave)
        options.root = root.path
        options.verify = false
        let input = CompilerPipeline.Input(clusterFile: cluster, environment: [:])
        let start = Date()
        func cycle(_ input: CompilerPipeline.Input = input, at offset: Double = 0) -> CompilerPipeline.WatchCycle {
            CompilerPipeline().watchCycle(input, options: options, now: start.addingTimeInterval(offset))
        }
        XCTAssertEqual(cycle().outcome, .applied)
        XCTAssertEqual(try reloads().count, 10, "every service a slave has, its clean-up too")
        let quiet = cycle(at: 60)
        XCTAssertEqual(quiet.outcome, .nothingChanged, quiet.line)
        XCTAssertEqual(try reloads(), [])

        let dump = scratch.appendingPathComponent("lab/data/nmsprime.sql")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: dump.path)
        let touched = cycle(at: 120)
        XCTAssertEqual(touched.outcome, .unchanged, "same rows: nothing to write")
        XCTAssertTrue(touched.line.hasPrefix("the database changed (dump)"), touched.line)

        _ = try lab(timeOffset: 7200)
        let edited = cycle(at: 180)
        XCTAssertEqual(edited.outcome, .applied, edited.line)
        XCTAssertTrue(edited.line.hasPrefix("the database changed (cluster file)"), edited.line)
        XCTAssertEqual(try reloads(), ["dhcpd|etc/dhcp-nmsprime/global.conf"])

        XCTAssertEqual(cycle(at: 180 + 3599).outcome, .nothingChanged)
        let due = cycle(at: 180 + 3600)
        XCTAssertEqual(due.outcome, .unchanged, due.line)
        XCTAssertTrue(due.line.hasPrefix("3600 s since the last apply (rebuild interval 3600 s)"), due.line)

        let before = try folderState(of: root)
        var unreachable = input
        unreachable.snapshotOverride = .mariadb(try XCTUnwrap(try? DatabaseURL.parse("mariadb://nms@127.0.0.1:9/nmsprime").get()))
        let down = cycle(unreachable, at: 4000)
        XCTAssertEqual(down.outcome, .unreachable, down.line)
        XCTAssertTrue(down.line.hasSuffix("the running configuration stays"), down.line)
        XCTAssertEqual(try folderState(of: root), before)
    }

    func testThePeerProbeWaitsForAnAnsweringPortThenGivesUp() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        XCTAssertEqual(listen(listener, 4), 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let loopback = try XCTUnwrap(IPv4Address("127.0.0.1"))
        XCTAssertTrue(TCPProbe.accepts(loopback, port: port, timeout: 1))
        close(listener)
        XCTAssertFalse(TCPProbe.accepts(loopback, port: port, timeout: 1))

        var settings = ApplySettings()
        settings.peerWait = 1
        let peer = ServiceReloader.Endpoint(address: loopback, port: port)
        let reloader = ServiceReloader(settings: settings, node: .slave, root: "/", peerDHCP: [.dhcpd: peer])
        var lines: [String] = []
        let started = Date()
        reloader.waitForPeer(peer) { lines.append($0) }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1)
        XCTAssertEqual(lines.count, 2, "\(lines)")
        XCTAssertTrue(lines.last?.contains("restarting this node's anyway") == true)
    }

    func testUnitNamesOfChangedFiles() {
        XCTAssertEqual(ServiceReloader.unitName("etc/systemd/system/nmsprime-provha-tftp.service"), "nmsprime-provha-tftp.service")
        XCTAssertEqual(ServiceReloader.unitName("etc/systemd/system/named.service.d/nmsprime-provha.conf"), "named.service")
        XCTAssertNil(ServiceReloader.unitName("etc/dhcp-nmsprime/dhcpd.conf"))
    }
}
