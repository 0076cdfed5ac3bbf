import Foundation
import XCTest

@testable import ProvHACompile

/// The dump reader on the forms `mariadb-dump` and `mysqldump` write.
final class DumpReaderTests: XCTestCase {
    private func read(_ text: String) throws -> (Snapshot?, [String]) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("dump.sql")
        try Data(text.utf8).write(to: file)
        let diagnostics = DiagnosticCollector()
        let snapshot = DumpReader(path: file.path).read(diagnostics: diagnostics)
        return (snapshot, diagnostics.diagnostics.map { $0.description.replacingOccurrences(of: file.path, with: "dump.sql") })
    }

    private let requiredTables = """
        CREATE TABLE `cmts` (`id` int, `deleted_at` timestamp, `hostname` varchar(10), `type` varchar(10), `ip` varchar(10), `company` varchar(10));
        CREATE TABLE ippool (id int, cmts_id int, type enum('CM','CPEPub'), net varchar(9), netmask varchar(9), ip_pool_start varchar(9), ip_pool_end varchar(9), router_ip varchar(9), broadcast_ip varchar(9), dns1_ip varchar(9), dns2_ip varchar(9), dns3_ip varchar(9), optional text, PRIMARY KEY (id));
        CREATE TABLE `endpoint` (`id` int, `hostname` varchar(9), `mac` varchar(17), `fixed_ip` tinyint, `modem_id` int, `ip` varchar(15));
        CREATE TABLE `provbase` (`id` int, `domain_name` varchar(9), `dhcp_def_lease_time` int, `dhcp_max_lease_time` int);

        """

    func testReadsTheLabFixtureCompletely() throws {
        let diagnostics = DiagnosticCollector()
        let path = Repository.examples.appendingPathComponent("lab/data/nmsprime.sql").path
        let snapshot = try XCTUnwrap(DumpReader(path: path).read(diagnostics: diagnostics))
        XCTAssertEqual(diagnostics.diagnostics, [])
        XCTAssertEqual(snapshot.cmtses.map(\.hostname), ["cmts-dresden-1", "cmts-leipzig-2", "cmts-chemnitz-3"])
        XCTAssertEqual(snapshot.pools.count, 12)
        XCTAssertEqual(snapshot.modems.count, 59, "60 modems, one soft-deleted")
        XCTAssertFalse(snapshot.modems.contains { $0.id == 53 })
        XCTAssertEqual(snapshot.mtas.count, 15)
        XCTAssertEqual(snapshot.endpoints.compactMap(\.fixedIP).map(\.description), ["198.18.0.88", "198.18.0.174"])
        XCTAssertEqual(snapshot.pools.first { $0.id == 7 }?.optional.uncheckedValue, "option ip-forwarding off;")
        XCTAssertEqual(snapshot.provBase?.defaultLeaseTime, 86400)
        XCTAssertEqual(snapshot.provHA?.slaves, ["172.20.0.101"])
    }

    func testStringEscapesColumnListsAndConditionalComments() throws {
        let (snapshot, diagnostics) = try read(
            requiredTables + """
                /*!40101 SET NAMES utf8mb4 */;
                # a hash comment
                CREATE TABLE `modem` (
                  `id` int(10) unsigned NOT NULL,
                  `hostname` varchar(191) NOT NULL DEFAULT 'a,b)',
                  `deleted_at` timestamp NULL,
                  `mac` varchar(17) NOT NULL, `public` tinyint(1), `internet_access` tinyint(1),
                  KEY `modem_mac` (`mac`)
                ) ENGINE=InnoDB /*!50100 PARTITION BY HASH (id) */;
                INSERT  INTO `modem` (`mac`, `id`, `hostname`, `public`, `internet_access`, `deleted_at`) VALUES
                ('00:1b:00:00:00:01',1,'it\\'s ''x''\\\\y\\n;',1,0,NULL),
                ('00:1B:00:00:00:02' , 2 , "dq\\"" , 0 , 1 , '2019-01-01 00:00:00');
                INSERT INTO `modem` VALUES (3,'cm-3',NULL,'',0,1);
                """)
        XCTAssertEqual(diagnostics, [])
        let modems = try XCTUnwrap(snapshot).modems
        XCTAssertEqual(modems.map(\.id), [1, 3], "row 2 is soft-deleted")
        XCTAssertEqual(modems[0].hostname, "it's 'x'\\y\n;")
        XCTAssertEqual(modems[0].mac?.description, "00:1b:00:00:00:01")
        XCTAssertTrue(modems[0].isPublic)
        XCTAssertFalse(modems[0].internetAccess)
        XCTAssertNil(modems[1].mac, "an empty MAC gets no DHCP entry")
    }

    /// Negative numbers (a modem's downstream power in dBmV, a longitude west of Greenwich) are
    /// values, not the start of a `--` comment: the INSERT holding them is read whole.
    func testNegativeNumbersAreValues() throws {
        let (snapshot, diagnostics) = try read(
            requiredTables + """
                CREATE TABLE `modem` (`id` int, `hostname` varchar(20), `mac` varchar(17), `ds_pwr` int, `lng` double, `public` tinyint, `internet_access` tinyint, `deleted_at` timestamp);
                INSERT INTO `modem` VALUES (1,'cm-1','00:1b:00:00:00:01',-3,-0.5,0,1,NULL),(2,'cm-2','00:1b:00:00:00:02', -4 ,-13.2,0,1,NULL);
                INSERT INTO `modem` VALUES (3,'cm-3','00:1b:00:00:00:03',4,1.5,0,1,NULL);
                """)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(try XCTUnwrap(snapshot).modems.map(\.hostname), ["cm-1", "cm-2", "cm-3"])
    }

    func testNetgwEraSkipsOtherGatewaysAndReadsIPv6PoolsApart() throws {
        let (snapshot, diagnostics) = try read(
            """
            CREATE TABLE `netgw` (`id` int, `hostname` varchar(9), `series` varchar(9), `type` varchar(9), `ip` varchar(9), `company` varchar(9));
            INSERT INTO `netgw` VALUES (1,'cmts-1','E6000','cmts','10.9.9.9','Arris'),(2,'bras-1','MX','bras','10.9.9.8','Juniper');
            CREATE TABLE ippool (id int, netgw_id int, type varchar(9), net varchar(9), netmask varchar(9), ip_pool_start varchar(9), ip_pool_end varchar(9), router_ip varchar(9), broadcast_ip varchar(9), dns1_ip varchar(9), dns2_ip varchar(9), dns3_ip varchar(9), optional text, version varchar(1), prefix varchar(9), prefix_len varchar(4), delegated_len varchar(4));
            INSERT INTO ippool VALUES (1,1,'CM','10.0.0.0/24','255.255.255.0','10.0.0.10','10.0.0.20','10.0.0.1','','','','','','4',NULL,NULL,NULL),(2,1,'CPEPub','2001:db8:1::/64','','2001:db8:1::100','2001:db8:1::1ff','2001:db8:1::1','','2001:db8::53','','','','6','2001:db8:100::','/48','/56'),(3,1,'CPEPub','2001:db8:2::','/64','','','','','','','','','6','','','');
            CREATE TABLE `modem` (`id` int, `hostname` varchar(9), `mac` varchar(17), `public` tinyint, `internet_access` tinyint);
            CREATE TABLE `endpoint` (`id` int, `hostname` varchar(9), `mac` varchar(17), `fixed_ip` tinyint, `modem_id` int, `ip` varchar(15));
            CREATE TABLE `provbase` (`id` int, `domain_name` varchar(9), `dhcp_def_lease_time` int, `dhcp_max_lease_time` int);
            """)
        XCTAssertEqual(diagnostics, [])
        let result = try XCTUnwrap(snapshot)
        XCTAssertEqual(result.cmtses.map(\.series.uncheckedValue), ["E6000"])
        XCTAssertEqual(result.pools.map(\.id), [1])
        XCTAssertEqual(result.pools.first?.network.description, "10.0.0.0/24")
        XCTAssertEqual(result.pools6.map(\.id), [2, 3])
        let pool = try XCTUnwrap(result.pools6.first)
        XCTAssertEqual(pool.network.description, "2001:db8:1::/64")
        XCTAssertEqual(pool.range?.description, "2001:db8:1::100 - 2001:db8:1::1ff")
        XCTAssertEqual(pool.relay?.description, "2001:db8:1::1")
        XCTAssertEqual(pool.dnsServers.map(\.description), ["2001:db8::53"])
        XCTAssertEqual(pool.delegation, PrefixDelegation(prefix: try XCTUnwrap(IPv6Network(cidr: "2001:db8:100::/48")), delegatedLength: 56))
        // The length in netmask (with NMS Prime's slash), no range, no delegation.
        XCTAssertEqual(result.pools6.last?.network.description, "2001:db8:2::/64")
        XCTAssertNil(result.pools6.last?.range)
        XCTAssertNil(result.pools6.last?.delegation)
    }

    func testMalformedIPv6PoolsAreErrorsOfTheirRow() throws {
        let (_, diagnostics) = try read(
            """
            CREATE TABLE ippool (id int, netgw_id int, type varchar(9), net varchar(9), netmask varchar(9), ip_pool_start varchar(9), ip_pool_end varchar(9), router_ip varchar(9), broadcast_ip varchar(9), dns1_ip varchar(9), dns2_ip varchar(9), dns3_ip varchar(9), optional text, version varchar(1), prefix varchar(9), prefix_len varchar(4), delegated_len varchar(4));
            INSERT INTO ippool VALUES (1,1,'CPEPub','2001:db8::','','','','','','','','','','6',NULL,NULL,NULL);
            INSERT INTO ippool VALUES (2,1,'CPEPub','2001:db8:1::/64','','2001:db8:1::100','','','','','','','','6',NULL,NULL,NULL);
            INSERT INTO ippool VALUES (3,1,'CPEPub','2001:db8:2::/64','','','','fe80::zz','','','','','','6',NULL,NULL,NULL);
            INSERT INTO ippool VALUES (4,1,'CPEPub','2001:db8:3::/64','','','','','','','','','','6','2001:db8:300::','/48','56x');
            INSERT INTO ippool VALUES (5,1,'CPEPub','2001:db8:4::/64','','','','','','','','','','5',NULL,NULL,NULL);
            """)
        XCTAssertEqual(
            diagnostics.filter { !$0.contains("has no table") },
            [
                "dump.sql: error: ippool id 1: net '2001:db8::' (netmask '') is not an IPv6 network like 2001:db8:1::/64",
                "dump.sql: error: ippool id 2: ip_pool_start and ip_pool_end must both be set (a dynamic range) or both be empty (prefix delegation only)",
                "dump.sql: error: ippool id 3: router_ip 'fe80::zz' is not an IPv6 address",
                "dump.sql: error: ippool id 4: delegated_len '56x' is not a prefix length like /56",
                "dump.sql: error: ippool id 5: version '5' is not 4 or 6",
            ])
    }

    func testTruncatedDumpIsAnErrorWithItsPosition() throws {
        let (snapshot, diagnostics) = try read(
            requiredTables
                + "CREATE TABLE `modem` (`id` int, `hostname` varchar(9), `mac` varchar(17), `public` tinyint, `internet_access` tinyint);\nINSERT INTO `modem` VALUES (1,'cm-1','00:1b:00:00:00:01',0,1),(2,'cm"
        )
        XCTAssertNil(snapshot)
        XCTAssertEqual(diagnostics, ["dump.sql:6:66: error: unexpected end of file inside a quoted string (the dump is truncated?)"])
    }

    func testInsertWithoutSemicolonAtEndOfFileIsTruncated() throws {
        let (snapshot, diagnostics) = try read(
            requiredTables
                + "CREATE TABLE `modem` (`id` int, `hostname` varchar(9), `mac` varchar(17), `public` tinyint, `internet_access` tinyint);\nINSERT INTO `modem` VALUES (1,'cm-1','00:1b:00:00:00:01',0,1)"
        )
        XCTAssertNil(snapshot)
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].contains("has no ';'"), diagnostics[0])
    }

    func testUnneededTablesAreSkippedEvenWithAwkwardStrings() throws {
        let (snapshot, diagnostics) = try read(
            "CREATE TABLE `log` (`id` int, `text` text);\nINSERT INTO `log` VALUES (1,'a;b\\');DROP'),(2,'/* not a comment */');\n"
                + requiredTables
                + "CREATE TABLE `modem` (`id` int, `hostname` varchar(9), `mac` varchar(17), `public` tinyint, `internet_access` tinyint);\n")
        XCTAssertEqual(diagnostics, [])
        XCTAssertNotNil(snapshot)
    }

    /// `peekSecond` looks past a chunk's end without consuming: every chunk size gives each
    /// byte, its successor, the lines and the digest of the whole file.
    func testLookingTwoBytesAheadAcrossChunkEdges() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bytes.sql").path
        let text = Array("-3,--x\n/*c*/y\n-".utf8)
        try Data(text).write(to: URL(fileURLWithPath: path))
        for chunkSize in 1...6 {
            let stream = try XCTUnwrap(ByteStream(path: path, chunkSize: chunkSize))
            for (index, byte) in text.enumerated() {
                XCTAssertEqual(stream.peekSecond(), index + 1 < text.count ? text[index + 1] : nil, "chunk \(chunkSize), byte \(index)")
                XCTAssertEqual(stream.next(), byte)
            }
            XCTAssertNil(stream.peekSecond())
            XCTAssertNil(stream.next())
            XCTAssertEqual(stream.line, 3)
            XCTAssertEqual(stream.digest.hex(), SHA256Digest.hex(of: Data(text)), "chunk \(chunkSize)")
        }
    }
}
