import Foundation
import XCTest

@testable import ProvHACompile

/// A dump read in pieces on several cores gives exactly what one pass gives: rows, settings,
/// diagnostics and errors, also where a piece's guessed start or column order is wrong.
final class DumpPiecesTests: XCTestCase {
    private let header = """
        CREATE TABLE `cmts` (`id` int, `hostname` varchar(10), `type` varchar(10), `ip` varchar(10), `company` varchar(10));
        CREATE TABLE `ippool` (`id` int, `cmts_id` int, `type` varchar(6), `net` varchar(9), `netmask` varchar(9), `ip_pool_start` varchar(9), `ip_pool_end` varchar(9), `router_ip` varchar(9), `broadcast_ip` varchar(9), `dns1_ip` varchar(9), `dns2_ip` varchar(9), `dns3_ip` varchar(9), `optional` text);
        CREATE TABLE `provbase` (`id` int, `domain_name` varchar(9), `dhcp_def_lease_time` int, `dhcp_max_lease_time` int);
        INSERT INTO `provbase` VALUES (1,'test',86400,172800);
        CREATE TABLE `endpoint` (`id` int, `hostname` varchar(9), `mac` varchar(17), `fixed_ip` tinyint, `modem_id` int, `ip` varchar(15));
        CREATE TABLE `modem` (`id` int, `hostname` varchar(20), `mac` varchar(17), `public` tinyint, `internet_access` tinyint, `updated_at` timestamp, `deleted_at` timestamp);

        """

    /// `count` INSERT lines of three modems each, numbered from `first`, without column list.
    private func modemLines(_ count: Int, from first: Int = 1) -> String {
        (0..<count).map { line in
            let rows = (0..<3).map { row -> String in
                let id = first + line * 3 + row
                let deleted = id % 17 == 0 ? "'2024-01-01 00:00:00'" : "NULL"
                return
                    "(\(id),'cm-\(id)','00:1b:00:00:\(String(format: "%02x:%02x", id / 256 % 256, id % 256))',0,1,'2024-\(String(format: "%02d", id % 12 + 1))-01 00:00:00',\(deleted))"
            }
            return "INSERT INTO `modem` VALUES " + rows.joined(separator: ",") + ";\n"
        }.joined()
    }

    /// What one pass and what a read in up to 16 pieces give, each as text, and how many pieces
    /// the dump was cut into; asserts that the general path alone and small chunks read what
    /// one pass reads.
    private func readBothWays(_ text: String) throws -> (onePass: String, pieces: String, pieceCount: Int) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("dump.sql").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        func read(_ reader: DumpReader) -> String {
            let diagnostics = DiagnosticCollector()
            let snapshot = reader.read(diagnostics: diagnostics)
            var result = diagnostics.diagnostics.map(\.description).joined(separator: "\n") + "\n"
            dump(snapshot, to: &result)
            return result
        }
        let identity = try XCTUnwrap(FileIdentity(path: path))
        let pieces = DumpPieces(path: path, identity: identity, count: 16, minimumBytes: 1)
        // Read through a window of 64 bytes, the cuts and guesses are the same.
        let smallWindow = DumpPieces(path: path, identity: identity, count: 16, minimumBytes: 1, windowBytes: 64)
        XCTAssertEqual(smallWindow?.offsets, pieces?.offsets)
        XCTAssertEqual(smallWindow?.inheritedColumns, pieces?.inheritedColumns)
        let pieceCount = pieces?.offsets.count ?? 1
        let onePass = read(DumpReader(path: path, pieceCount: 1, minimumPieceBytes: 1))
        // The general path alone, and chunks of 7 bytes (rows cross their edges), read the same.
        XCTAssertEqual(read(DumpReader(path: path, pieceCount: 1, minimumPieceBytes: 1, plainRows: false)), onePass)
        XCTAssertEqual(read(DumpReader(path: path, pieceCount: 1, minimumPieceBytes: 1, chunkBytes: 7)), onePass)
        return (onePass, read(DumpReader(path: path, pieceCount: 16, minimumPieceBytes: 1)), pieceCount)
    }

    func testPiecesReadWhatOnePassReads() throws {
        let read = try readBothWays(header + modemLines(60) + "INSERT INTO `provbase` VALUES (2,'second',1,2);\n" + modemLines(20, from: 1000))
        XCTAssertGreaterThan(read.pieceCount, 8)
        XCTAssertEqual(read.pieces, read.onePass)
        XCTAssertTrue(read.onePass.contains("cm-1059"), "the rows after the second provbase row are read")
        XCTAssertTrue(read.onePass.contains("domainName: \"test\""), "the first provbase row stands")
    }

    /// `check` reads without taking the dump's digest: the same rows, no digest and no stamp;
    /// `build` takes it, in one pass or beside the pieces.
    func testAReadWithoutTheDigestReadsTheSameRows() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("dump.sql").path
        let text = header + modemLines(40)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        for pieceCount in [1, 16] {
            let digested = try XCTUnwrap(
                DumpReader(path: path, pieceCount: pieceCount, minimumPieceBytes: 1).read(diagnostics: DiagnosticCollector()))
            let undigested = try XCTUnwrap(
                DumpReader(path: path, pieceCount: pieceCount, minimumPieceBytes: 1, digesting: false).read(diagnostics: DiagnosticCollector()))
            let oneBlock = ["provha dump digest 1", "\(text.utf8.count)", SHA256Digest.hex(of: Data(text.utf8))].joined(separator: "\n") + "\n"
            XCTAssertEqual(digested.sourceDigest, SHA256Digest.hex(of: oneBlock), "\(pieceCount) pieces")
            XCTAssertEqual(digested.sourceDigest, InputDigest.ofFile(path))
            XCTAssertEqual(undigested.sourceDigest, "")
            XCTAssertNil(undigested.sourceStamp)
            XCTAssertEqual(undigested.modems.map(\.hostname), digested.modems.map(\.hostname))
            XCTAssertEqual(undigested.modems.count, 113, "120 rows, 7 soft-deleted")
        }
    }

    /// A dump of several digest blocks (here of 4 KiB): its digest is the SHA-256 of its size
    /// and its blocks' (the last one short), whether taken beside the pieces, in one pass or on
    /// its own; one changed byte in any block changes it.
    func testADumpOfSeveralBlocksIsDigestedBlockByBlock() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("dump.sql").path
        var bytes = Array((header + modemLines(200)).utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let block = 4096
        XCTAssertGreaterThan(bytes.count, 3 * block)
        let blocks = stride(from: 0, to: bytes.count, by: block).map { SHA256Digest.hex(of: Data(bytes[$0..<min($0 + block, bytes.count)])) }
        let expected = SHA256Digest.hex(of: (["provha dump digest 1", "\(bytes.count)"] + blocks).joined(separator: "\n") + "\n")
        XCTAssertEqual(InputDigest.ofFile(path, blockBytes: block), expected)
        for pieceCount in [1, 8] {
            let reader = DumpReader(path: path, pieceCount: pieceCount, minimumPieceBytes: 1, digestBlockBytes: block)
            XCTAssertEqual(try XCTUnwrap(reader.read(diagnostics: DiagnosticCollector())).sourceDigest, expected, "\(pieceCount) pieces")
        }
        for offset in [10, block + 10, bytes.count - 2] {
            bytes[offset] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            XCTAssertNotEqual(InputDigest.ofFile(path, blockBytes: block), expected, "a byte changed at \(offset)")
            bytes[offset] ^= 0x01
        }
    }

    /// Rows the fast path leaves to the general one (escapes and doubled quotes in kept values,
    /// spaces, comments, TRUE, hexadecimal, `_binary`, double quotes) read the same way.
    func testRowsOutsideTheFastPathReadTheSame() throws {
        let rows = [
            "(7001,'cm-7001','00:1b:00:00:70:01',TRUE,1,NULL,NULL)", "(7002,'it''s','00:1b:00:00:70:02',0,1,NULL,NULL)",
            "(7003,'a\\'b','00:1b:00:00:70:03',0,1,NULL,NULL)", "( 7004 , 'cm-7004' ,'00:1b:00:00:70:04',0,1,NULL,NULL)",
            "(7005,/* c */'cm-7005','00:1b:00:00:70:05',0,1,NULL,NULL)", "(7006,\"cm-7006\",_binary'00:1b:00:00:70:06',0,1,NULL,NULL)",
            "(7007,0x636d2d37303037,'00:1b:00:00:70:07',-1,1,'2024-01-01 00:00:00',NULL)", "(7008,'cm-7008','00:1b:00:00:70:08',0,1,NULL,null)",
            "(7009,'cm-7009','00:1b:00:00:70:09',0,1,NULL,'2024-01-01 00:00:00')",
        ]
        let text = header + modemLines(5) + "INSERT INTO `modem` VALUES " + rows.joined(separator: ",") + ";\n" + modemLines(5, from: 100)
        let read = try readBothWays(text)
        XCTAssertEqual(read.pieces, read.onePass)
        XCTAssertFalse(read.onePass.contains("error"), read.onePass)
        XCTAssertFalse(read.onePass.contains("cm-7009"), "soft-deleted")
        for hostname in ["cm-7001", "it\\'s", "a\\'b", "cm-7004", "cm-7005", "cm-7006", "cm-7007", "cm-7008"] {
            XCTAssertTrue(read.onePass.contains("hostname: \"\(hostname)\""), hostname)  // as `dump` escapes it
        }
    }

    func testAPieceStartInsideAStringIsNotTrusted() throws {
        // A value holding raw newlines and what looks like the start of a statement: cuts land
        // inside this one long INSERT and must be found out.
        let fake = (0..<40).map { ";\nINSERT INTO `modem` VALUES (\($0 + 5000),\"fake-\($0)\",\"00:1b:00:00:ff:ff\",0,1,NULL,NULL);\n" }.joined()
        let text =
            header + "INSERT INTO `modem` VALUES (4000,'cm-4000','00:1b:00:00:aa:aa',0,1,NULL,NULL),(4001,'" + fake
            + "','00:1b:00:00:aa:ab',0,1,NULL,NULL);\n" + modemLines(10)
        let read = try readBothWays(text)
        XCTAssertGreaterThan(read.pieceCount, 2)
        XCTAssertEqual(read.pieces, read.onePass)
        XCTAssertFalse(read.onePass.contains("error"), read.onePass)
        XCTAssertFalse(read.onePass.contains("hostname: \"fake-"), "the fake rows are a hostname, not rows")
    }

    func testAGuessedColumnOrderFromAStringIsNotTrusted() throws {
        // A line inside a string that looks like a CREATE TABLE of `modem` with other columns,
        // then INSERTs without a column list: the pieces after it guess the wrong order.
        let text =
            header + modemLines(20)
            + "INSERT INTO `endpoint` VALUES (1,'ep','00:1b:00:00:bb:bb',0,1,'x\nCREATE TABLE `modem` (`mac` varchar(17), `id` int, `hostname` varchar(20), `public` tinyint, `internet_access` tinyint, `updated_at` timestamp, `deleted_at` timestamp);\n');\n"
            + modemLines(20, from: 2000)
        let read = try readBothWays(text)
        XCTAssertGreaterThan(read.pieceCount, 2)
        XCTAssertEqual(read.pieces, read.onePass)
        XCTAssertTrue(read.onePass.contains("cm-2059"))
    }

    func testAnErrorInALatePieceIsTheOnePassError() throws {
        let read = try readBothWays(
            header + modemLines(40) + "INSERT INTO `modem` VALUES (9999,'cm-x','00:1b:00:00:cc:cc',0,1,NULL);\n" + modemLines(10, from: 3000))
        XCTAssertGreaterThan(read.pieceCount, 2)
        XCTAssertEqual(read.pieces, read.onePass)
        XCTAssertTrue(read.onePass.contains("dump.sql:47:"), read.onePass)
        XCTAssertTrue(read.onePass.contains("has 6 values, the table has 7 columns"))
    }

    func testATruncatedDumpIsTheOnePassError() throws {
        let text = header + modemLines(40)
        let read = try readBothWays(String(text.dropLast(30)))
        XCTAssertEqual(read.pieces, read.onePass)
        XCTAssertTrue(read.onePass.contains("the dump is truncated?"), read.onePass)
    }

    /// A dump cut short after it was looked at (a `mariadb-dump > dump.sql` started meanwhile)
    /// is not cut into pieces and does not crash the scan (a mapped page past the new end would
    /// raise SIGBUS); the one-pass read then reports the truncation.
    func testADumpTruncatedAfterItWasLookedAtIsNotCut() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("dump.sql").path
        try Data((header + modemLines(4000)).utf8).write(to: URL(fileURLWithPath: path))
        let identity = try XCTUnwrap(FileIdentity(path: path))
        XCTAssertNotNil(DumpPieces(path: path, identity: identity, count: 4, minimumBytes: 1))
        XCTAssertEqual(truncate(path, off_t(identity.size / 3)), 0)
        XCTAssertNil(DumpPieces(path: path, identity: identity, count: 4, minimumBytes: 1))
        XCTAssertNil(DumpPieces(path: path, identity: identity, count: 4, minimumBytes: 1, windowBytes: 64))
    }
}
