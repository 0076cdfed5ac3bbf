import XCTest

@testable import ProvHACompile

/// The modem lists of the public and blocked classes: one test up to `modemsPerClass` modems,
/// above that helper classes of that many each, named in order by `member()`. (Kea itself
/// classifies with them in `bench/kea-perfdhcp.sh 30000`, which CI runs.)
final class KeaClassesTests: XCTestCase {
    private func modems(_ count: Int) -> [MACAddress] {
        (1...count).map { MACAddress(String(format: "00:1b:00:%02x:%02x:%02x", $0 >> 16 & 255, $0 >> 8 & 255, $0 & 255))! }
    }

    private func comparisons(_ test: String) -> [String] {
        test.components(separatedBy: "relay4[2].hex == 0x").dropFirst().map { String($0.prefix(12)) }
    }

    func testUpToOneClassOfModemsTheTestNamesThemItself() {
        let list = modems(KeaClasses.modemsPerClass)
        let (test, helpers) = KeaClasses.behind(list, helpers: "provha-public-modems")
        XCTAssertTrue(helpers.isEmpty)
        XCTAssertTrue(test.hasPrefix("(relay4[2].hex == 0x001b00000001 or ") && test.hasSuffix(")"), String(test.prefix(60)))
        XCTAssertEqual(comparisons(test), list.map(\.hexDigits))
        XCTAssertEqual(KeaClasses.behind([], helpers: "provha-public-modems").test, "'no modem' == 'any modem'")
    }

    func testALongListIsCutIntoHelperClassesInOrder() throws {
        let list = modems(2 * KeaClasses.modemsPerClass + 500)
        let (test, helpers) = KeaClasses.behind(list, helpers: "provha-blocked-modems")
        XCTAssertEqual(test, "(member('provha-blocked-modems-1') or member('provha-blocked-modems-2') or member('provha-blocked-modems-3'))")
        var named: [String] = []
        var listed: [String] = []
        for helper in helpers {
            guard case let .object(members) = helper, case let .string(name)? = members.first(where: { $0.0 == "name" })?.1,
                case let .string(helperTest)? = members.first(where: { $0.0 == "test" })?.1
            else { return XCTFail("a helper class is not {name, test}") }
            named.append(name)
            XCTAssertFalse(helperTest.contains("member("), name)
            listed += comparisons(helperTest)
        }
        XCTAssertEqual(named, ["provha-blocked-modems-1", "provha-blocked-modems-2", "provha-blocked-modems-3"])
        XCTAssertEqual(listed, list.map(\.hexDigits), "every modem once, in order")
    }
}
