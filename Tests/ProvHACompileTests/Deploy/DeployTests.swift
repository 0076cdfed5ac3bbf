import Foundation
import XCTest

@testable import ProvHACompile

/// Safe deploys: incremental atomic writes, the manifest, foreign files, diff, drift, kills
/// and concurrent builds — all through the real command line.
final class DeployTests: XCTestCase {
    private let lab = Repository.examples.appendingPathComponent("lab/cluster.yaml").path
    private let metro = Repository.examples.appendingPathComponent("metro/cluster.yaml").path
    private var out: URL!

    override func setUpWithError() throws { out = try temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: out) }

    private func build(_ cluster: String, _ extra: [String] = [], environment: [String: String]? = nil) throws -> ProcessResult {
        try runProgram(Repository.executable, ["build", cluster, "--out", out.path] + extra, environment: environment)
    }

    /// Path → (inode, mtime, bytes) of every file below `out`, but the tree's stamp: a cache
    /// the first no-op after a build may keep once its files are settled (`BuildRoadTests`
    /// proves that later no-ops leave it alone).
    private func inventory() throws -> [String: String] {
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: out.path) else { return result }
        while let path = walker.nextObject() as? String {
            guard path != TreeStamp.fileName else { continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let inode = attributes[.systemFileNumber] as? Int ?? 0
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let bytes = FileManager.default.contents(atPath: out.appendingPathComponent(path).path) ?? Data()
            result[path] = "\(inode) \(modified) \(SHA256Digest.hex(of: bytes))"
        }
        return result
    }

    func testNoOpRebuildTouchesNothing() throws {
        XCTAssertEqual(try build(lab).status, 0)
        let before = try inventory()
        let again = try build(lab, ["--report", "json"])
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertEqual(try inventory(), before, "inode, mtime or bytes changed on a no-op rebuild")
        let report = try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any]
        XCTAssertEqual((report?["written"] as? [String])?.count, 0)
        XCTAssertEqual(report?["unchanged"] as? Int, try renderExample("lab").count)
        XCTAssertEqual(report?["reload"] as? [String: [String]], ["master": [], "slave": []])
    }

    func testAChangeInOneCMTSsPoolsRewritesOnlyThatCMTSsFile() throws {
        XCTAssertEqual(try build(lab).status, 0)
        let dump = try String(contentsOf: Repository.examples.appendingPathComponent("lab/data/nmsprime.sql"), encoding: .utf8)
        let changed = dump.replacingOccurrences(of: "'100.64.32.10','100.64.47.254'", with: "'100.64.32.20','100.64.47.254'")
        XCTAssertNotEqual(changed, dump)
        let changedDump = out.deletingLastPathComponent().appendingPathComponent("\(out.lastPathComponent)-changed.sql")
        defer { try? FileManager.default.removeItem(at: changedDump) }
        try Data(changed.utf8).write(to: changedDump)
        let result = try build(lab, ["--snapshot", changedDump.path, "--report", "json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(report["written"] as? [String], ["master/etc/dhcp-nmsprime/cmts_gws/2.conf", "slave/etc/dhcp-nmsprime/cmts_gws/2.conf"])
        XCTAssertEqual(report["reload"] as? [String: [String]], ["master": ["dhcpd"], "slave": ["dhcpd"]])
    }

    /// A fixed endpoint that moves (with a newer `updated_at`): its host entry and the static
    /// records change, the seeds do not (their serial is named's); the reload plan names dhcpd
    /// and dns-records, never named (a seed only matters to a zone named does not have yet).
    func testAMovedFixedEndpointReachesNamedAsStaticRecordsNotAsZoneFiles() throws {
        XCTAssertEqual(try build(lab).status, 0)
        let dump = try String(contentsOf: Repository.examples.appendingPathComponent("lab/data/nmsprime.sql"), encoding: .utf8)
        let changed = dump.replacingOccurrences(
            of: "'2019-06-21 08:41:14',NULL,'cpe-fixed-2','00:1d:00:00:00:2c','fixed public IP',1,44,'198.18.0.174'",
            with: "'2026-11-26 08:41:14',NULL,'cpe-fixed-2','00:1d:00:00:00:2c','fixed public IP',1,44,'198.18.0.170'")
        XCTAssertNotEqual(changed, dump)
        let changedDump = out.deletingLastPathComponent().appendingPathComponent("\(out.lastPathComponent)-moved.sql")
        defer { try? FileManager.default.removeItem(at: changedDump) }
        try Data(changed.utf8).write(to: changedDump)
        let result = try build(lab, ["--snapshot", changedDump.path, "--report", "json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let written = try XCTUnwrap(report["written"] as? [String])
        XCTAssertTrue(written.contains("master/etc/nmsprime-provha/dns/static-records"), "\(written)")
        XCTAssertFalse(written.contains { $0.contains("/dns/seed/") }, "a seed changes only with its SOA or NS: \(written)")
        XCTAssertFalse(written.contains { $0.contains("/var/named/") }, "named's zone files are never in the tree")
        XCTAssertEqual(report["reload"] as? [String: [String]], ["master": ["dhcpd", "dns-records"], "slave": ["dhcpd", "dns-records"]])
        let records = try String(contentsOf: out.appendingPathComponent("slave/etc/nmsprime-provha/dns/static-records"), encoding: .utf8)
        XCTAssertTrue(records.contains("\n0.18.198.in-addr.arpa 170.0.18.198.in-addr.arpa. 3600 PTR cpe-fixed-2.cpe.nmsprime.test.\n"), records)
        XCTAssertFalse(records.contains("198.18.0.174"), records)
    }

    /// Each file declares the service that reloads it; a file that goes is reloaded by what its
    /// manifest entry declared, and an entry written before entries declared one by every service.
    func testTheReloadPlanFollowsWhatFilesDeclare() throws {
        let writer = OutputWriter(root: out.path)
        let dhcpd = GeneratedFile(path: "master/etc/dhcp-nmsprime/global.conf", reload: .dhcpd, contents: "a\n")
        let unit = GeneratedFile(path: "master/etc/systemd/system/x.service", reload: .systemd, contents: "b\n")
        let helper = GeneratedFile(path: "slave/usr/libexec/nmsprime-provha/x", reload: .none, contents: "c\n")
        let snippet = GeneratedFile(path: "cmts/c1.cfg", reload: .none, contents: "d\n")
        let first = ChangeReport(try writer.write([dhcpd, unit, helper, snippet], inputs: "1"))
        XCTAssertEqual(first.reload, ["master": ["dhcpd", "systemd"], "slave": []], "none is declared, never listed")
        XCTAssertEqual(first.cmtsSnippets, ["cmts/c1.cfg"])

        let changed = GeneratedFile(path: dhcpd.path, reload: .dhcpd, contents: "a2\n")
        let second = ChangeReport(try writer.write([changed, helper, snippet], inputs: "2"))
        XCTAssertEqual(second.removed, [unit.path])
        XCTAssertEqual(second.reload, ["master": ["dhcpd", "systemd"], "slave": []], "the removed unit's declared service")

        // A manifest from before files declared their service: a removal reloads all of its node's.
        let manifestURL = out.appendingPathComponent(Manifest.fileName)
        var manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifestURL))
        for path in manifest.files.keys { manifest.files[path]?.reload = nil }
        try Data(manifest.encoded().utf8).write(to: manifestURL)
        let third = ChangeReport(try writer.write([changed, snippet], inputs: "3"))
        XCTAssertEqual(third.removed, [helper.path])
        XCTAssertEqual(third.reload["master"], [])
        XCTAssertEqual(third.reload["slave"], Reload.allCases.filter { $0 != .none }.sorted().map(\.rawValue))
    }

    func testDiffExitCodes() throws {
        XCTAssertEqual(try build(lab).status, 0)
        let equal = try runProgram(Repository.executable, ["diff", lab, "--against", out.path])
        XCTAssertEqual(equal.status, 0, equal.standardError)
        XCTAssertEqual(equal.standardOutput, "")

        let different = try runProgram(Repository.executable, ["diff", metro, "--against", out.path])
        XCTAssertEqual(different.status, 1, different.standardError)
        XCTAssertTrue(
            different.standardOutput.contains("--- a/master/etc/dhcp-nmsprime/failover.conf\n+++ b/master/etc/dhcp-nmsprime/failover.conf\n@@ "))
        XCTAssertTrue(different.standardOutput.contains("--- a/master/etc/dhcp-nmsprime/ddns-key.conf\n+++ /dev/null\n"), "removed files are shown")
        XCTAssertTrue(different.standardOutput.contains("--- /dev/null\n+++ b/cmts/cmts-zwickau-4.cfg\n"), "added files are shown")
        XCTAssertFalse(different.standardOutput.contains("\u{1B}["), "no colour when standard output is not a terminal")
        let stat = try runProgram(Repository.executable, ["diff", metro, "--against", out.path, "--stat"])
        XCTAssertEqual(stat.status, 1)
        XCTAssertTrue(stat.standardOutput.hasSuffix(" unchanged\n"), stat.standardOutput)

        let broken = try runProgram(Repository.executable, ["diff", "/nonexistent/cluster.yaml", "--against", out.path])
        XCTAssertEqual(broken.status, 2)
        try Data("{ not json".utf8).write(to: out.appendingPathComponent(Manifest.fileName))
        let unreadable = try runProgram(Repository.executable, ["diff", lab, "--against", out.path])
        XCTAssertEqual(unreadable.status, 2, unreadable.standardError)
    }

    func testDiffMasksSecrets() throws {
        let secret = try String(contentsOf: Repository.examples.appendingPathComponent("lab/secrets/ddns.key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let fresh = try runProgram(Repository.executable, ["diff", lab, "--against", out.path])
        XCTAssertEqual(fresh.status, 1)
        XCTAssertTrue(fresh.standardOutput.contains("+\tsecret \"<masked>\";"))
        XCTAssertFalse(fresh.standardOutput.contains(secret))
        XCTAssertEqual(try build(lab).status, 0)
        // Only the secret differs: the diff says so without showing either value.
        let key = out.appendingPathComponent("master/etc/dhcp-nmsprime/ddns-key.conf")
        let old = try String(contentsOf: key, encoding: .utf8).replacingOccurrences(of: secret, with: "b2xkLXNlY3JldA==")
        try Data(old.utf8).write(to: key)
        let changed = try runProgram(Repository.executable, ["diff", lab, "--against", out.path])
        XCTAssertEqual(changed.status, 1)
        XCTAssertTrue(changed.standardOutput.contains("@@ secret changed (masked) @@"), changed.standardOutput)
        XCTAssertFalse(changed.standardOutput.contains(secret) || changed.standardOutput.contains("b2xkLXNlY3JldA=="))
    }

    func testForeignFilesAreNeverOverwrittenWithoutForce() throws {
        let handMade = out.appendingPathComponent("master/etc/dhcp-nmsprime/dhcpd.conf")
        try FileManager.default.createDirectory(at: handMade.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("# hand-made\n".utf8).write(to: handMade)
        let refused = try build(lab)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.standardError.contains("\(handMade.path): error: not generated by provha-compile"), refused.standardError)
        XCTAssertEqual(try String(contentsOf: handMade, encoding: .utf8), "# hand-made\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("slave").path), "nothing written")
        let forced = try build(lab, ["--force"])
        XCTAssertEqual(forced.status, 0, forced.standardError)
        XCTAssertNotEqual(try String(contentsOf: handMade, encoding: .utf8), "# hand-made\n")
        // A hand-made file elsewhere in the folder is left alone, also when generated files go.
        let note = out.appendingPathComponent("master/etc/dhcp-nmsprime/README.local")
        try Data("ours\n".utf8).write(to: note)
        XCTAssertEqual(try build(metro).status, 0)
        XCTAssertEqual(try String(contentsOf: note, encoding: .utf8), "ours\n")
    }

    func testRemovedOutputsAreDeletedAndDriftIsReported() throws {
        XCTAssertEqual(try build(lab).status, 0)
        XCTAssertEqual(try runProgram(Repository.executable, ["drift", out.path]).status, 0)
        XCTAssertEqual(try build(metro).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("cmts/cmts-zwickau-4.cfg").path))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("master/etc/dhcp-nmsprime/ddns-key.conf").path),
            "metro has no DDNS key: the lab's key file is removed")
        try Data("edited\n".utf8).write(to: out.appendingPathComponent("slave/etc/dhcp-nmsprime/global.conf"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("master/etc/rsyslog.d/failover.conf"))
        let drift = try runProgram(Repository.executable, ["drift", out.path])
        XCTAssertEqual(drift.status, 1)
        XCTAssertEqual(drift.standardOutput, "missing: master/etc/rsyslog.d/failover.conf\nmodified: slave/etc/dhcp-nmsprime/global.conf\n")
        let notATree = try runProgram(Repository.executable, ["drift", out.appendingPathComponent("master").path])
        XCTAssertEqual(notATree.status, 2)
    }

    /// Every entry below `out` (folders too, and the manifest): path, mode and bytes.
    private func wholeTree() throws -> [String: String] {
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: out.path) else { return result }
        while let path = walker.nextObject() as? String {
            // The stamps are caches beside the tree, kept after a build or a no-op: one a killed build
            // left behind is stale, and a stale stamp never matches a dump (`SnapshotStamp`).
            guard path != SnapshotStamp.fileName, path != TreeStamp.fileName else { continue }
            let full = out.appendingPathComponent(path).path
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            let mode = String((attributes[.posixPermissions] as? Int) ?? 0, radix: 8)
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                result[path] = "folder \(mode)"
            } else {
                result[path] = "\(mode) " + SHA256Digest.hex(of: FileManager.default.contents(atPath: full) ?? Data())
            }
        }
        return result
    }

    /// The lab example with a CMTS renamed and another time offset: a change that rewrites,
    /// adds and removes files.
    private func changedLab() throws -> URL {
        let folder = out.deletingLastPathComponent().appendingPathComponent("\(out.lastPathComponent)-changed-lab")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: Repository.examples.appendingPathComponent("lab"), to: folder)
        let dump = folder.appendingPathComponent("data/nmsprime.sql")
        let text = try String(contentsOf: dump, encoding: .utf8).replacingOccurrences(of: "'cmts-chemnitz-3'", with: "'cmts-zwickau-3'")
        try Data(text.utf8).write(to: dump)
        let cluster = folder.appendingPathComponent("cluster.yaml")
        let yaml = try String(contentsOf: cluster, encoding: .utf8).replacingOccurrences(of: "time_offset: 3600", with: "time_offset: 7200")
        try Data(yaml.utf8).write(to: cluster)
        return cluster
    }

    /// Kills the build of `next` over a build of `previous` after each of `steps` steps
    /// (staged file, journal, rename, removal); after the next run on the folder (`drift`,
    /// which completes an interrupted build) the whole tree is the old one or the new one.
    /// Returns how many trials ended old and new.
    private func killTrials(from previous: String, to next: String, steps: [Int]?) throws -> (old: Int, new: Int) {
        XCTAssertEqual(try build(previous).status, 0)
        let oldTree = try wholeTree()
        XCTAssertEqual(try build(next, ["--max-removal", "100"]).status, 0)
        let newTree = try wholeTree()
        XCTAssertNotEqual(oldTree, newTree)
        var counts = (old: 0, new: 0)
        var step = 0
        while true {
            step += 1
            if let steps { guard step <= steps.count else { break } }
            let limit = steps.map { $0[step - 1] } ?? step
            try? FileManager.default.removeItem(at: out)
            XCTAssertEqual(try build(previous).status, 0)
            let killed = try build(
                next, ["--max-removal", "100"],
                environment: ProcessInfo.processInfo.environment.merging(["PROVHA_TEST_KILL_AFTER_STEPS": "\(limit)"]) { $1 })
            if killed.status == 0, steps == nil { break }  // the build has fewer steps: all were tried
            XCTAssertEqual(killed.status, 9, "killed by SIGKILL after \(limit) steps")
            let drift = try runProgram(Repository.executable, ["drift", out.path])
            XCTAssertEqual(drift.status, 0, "after a kill at step \(limit): \(drift.standardOutput)\(drift.standardError)")
            let tree = try wholeTree()
            if tree == oldTree {
                counts.old += 1
            } else if tree == newTree {
                counts.new += 1
            } else {
                XCTFail(
                    "after a kill at step \(limit) the tree is neither old nor new: "
                        + "\(Set(tree.keys).symmetricDifference(oldTree.keys).sorted().prefix(5)), "
                        + "\(tree.filter { newTree[$0.key] != $0.value && oldTree[$0.key] != $0.value }.keys.sorted().prefix(5))")
            }
        }
        return counts
    }

    /// At every step of a build that rewrites, adds and removes files, a kill leaves the old
    /// tree or the new one: never a mix.
    func testABuildKilledAtAnyStepLeavesTheOldTreeOrTheNew() throws {
        let counts = try killTrials(from: lab, to: try changedLab().path, steps: nil)
        print("kill trials at every step: \(counts.old) left the old tree, \(counts.new) the new one")
        XCTAssertGreaterThan(counts.old, 3, "kills while staging leave the old tree")
        XCTAssertGreaterThan(counts.new, 3, "kills after the journal's commit leave the new tree")
    }

    /// The same across a large change (lab to metro: some 90 files written, a few removed), at
    /// sampled steps: while staging, at the commit, while renaming and while removing.
    func testABuildKilledDuringALargeChangeLeavesTheOldTreeOrTheNew() throws {
        let steps = try WriteSteps(from: lab, to: metro, in: out)
        let counts = try killTrials(from: lab, to: metro, steps: steps.samples)
        XCTAssertEqual(counts.old + counts.new, steps.samples.count)
        XCTAssertGreaterThan(counts.old, 0)
        XCTAssertGreaterThan(counts.new, 0)
    }

    /// named reads its key after dropping privileges: built as root, the key belongs to named's
    /// group (`dns.group`; Debian's BIND runs as `bind`), the manifest records it and `drift`
    /// sees it changed; the next build gives it back.
    func testNamedsKeyBelongsToNamedsGroupAndDriftSeesAGroupChange() throws {
        _ = try requireProgram("named", package: "bind9")
        try XCTSkipUnless(getuid() == 0, "only root can give files to another group")
        let bind = try XCTUnwrap(getgrnam("bind")?.pointee.gr_gid, "BIND's group")
        let folder = out.deletingLastPathComponent().appendingPathComponent("\(out.lastPathComponent)-bind-lab")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.examples.appendingPathComponent("lab"), to: folder)
        let cluster = folder.appendingPathComponent("cluster.yaml")
        try Data((try String(contentsOf: cluster, encoding: .utf8) + "  group: bind\n").utf8).write(to: cluster)
        let built = try build(cluster.path)
        XCTAssertEqual(built.status, 0, built.standardError)
        XCTAssertFalse(built.standardError.contains("group 'bind'"), built.standardError)
        let key = out.appendingPathComponent("master/etc/named-nmsprime.key").path
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: key)[.groupOwnerAccountID] as? UInt, UInt(bind))
        XCTAssertTrue(try String(contentsOf: out.appendingPathComponent(Manifest.fileName), encoding: .utf8).contains("\"group\" : \"bind\""))
        XCTAssertEqual(chown(key, uid_t.max, 0), 0)
        let drift = try runProgram(Repository.executable, ["drift", out.path])
        XCTAssertEqual(drift.status, 1)
        XCTAssertEqual(drift.standardOutput, "group changed: master/etc/named-nmsprime.key\n")
        let rebuilt = try build(cluster.path, ["--report", "json"])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.standardError)
        XCTAssertTrue(rebuilt.standardOutput.contains("master/etc/named-nmsprime.key"), rebuilt.standardOutput)
        XCTAssertEqual(try runProgram(Repository.executable, ["drift", out.path]).status, 0)
    }

    func testConcurrentBuildsAreSerialised() throws {
        let group = DispatchGroup()
        final class Results: @unchecked Sendable {
            var statuses: [Int32] = []
            let lock = NSLock()
        }
        let results = Results()
        let folder = out.path
        for cluster in [lab, metro, lab, metro] {
            group.enter()
            DispatchQueue.global().async {
                // lab after metro removes most host entries: allowed here, the guard has its own test.
                let status = (try? runProgram(Repository.executable, ["build", cluster, "--out", folder, "--max-removal", "100"]).status) ?? -1
                results.lock.lock()
                results.statuses.append(status)
                results.lock.unlock()
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(results.statuses, [0, 0, 0, 0])
        let drift = try runProgram(Repository.executable, ["drift", out.path])
        XCTAssertEqual(drift.status, 0, drift.standardOutput)
        let labDiff = try runProgram(Repository.executable, ["diff", lab, "--against", out.path]).status
        let metroDiff = try runProgram(Repository.executable, ["diff", metro, "--against", out.path]).status
        XCTAssertTrue(labDiff == 0 || metroDiff == 0, "the tree is wholly one build's output")
    }
}
