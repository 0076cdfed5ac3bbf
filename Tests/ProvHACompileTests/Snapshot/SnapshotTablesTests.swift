import XCTest

@testable import ProvHACompile

/// The column enums are the tables' column lists: positions follow the cases without a gap after
/// the common columns, and every name is unique within its table.
final class SnapshotTablesTests: XCTestCase {
    private func assertLaidOut<Column: TableColumn>(_: Column.Type, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Column.allCases.map(\.rawValue), Array(3..<(3 + Column.allCases.count)), "\(Column.self)", file: file, line: line)
    }

    func testColumnPositionsFollowTheCases() {
        XCTAssertEqual(CommonColumn.allCases.map(\.rawValue), [0, 1, 2])
        assertLaidOut(CMTSColumn.self)
        assertLaidOut(PoolColumn.self)
        assertLaidOut(ModemColumn.self)
        assertLaidOut(MTAColumn.self)
        assertLaidOut(EndpointColumn.self)
        assertLaidOut(ProvBaseColumn.self)
        assertLaidOut(ProvHAColumn.self)
        assertLaidOut(ProvVoIPColumn.self)
    }

    func testEveryTableStartsWithTheCommonColumnsAndNamesEachColumnOnce() {
        for table in SnapshotTables.all {
            XCTAssertEqual(table.columns.prefix(3).map(\.names), [["id"], ["updated_at"], ["deleted_at"]], table.name)
            let names = table.columns.map { $0.names[0] }
            XCTAssertEqual(Set(names).count, names.count, "\(table.name): \(names)")
        }
        XCTAssertNil(SnapshotTables.spec(named: "cmts")?.columns.first { $0.names == ["type"] }, "cmts has no netgw type column")
        XCTAssertNotNil(SnapshotTables.spec(named: "netgw")?.columns.first { $0.names == ["type"] })
    }
}
