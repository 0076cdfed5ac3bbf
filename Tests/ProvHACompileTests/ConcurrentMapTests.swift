import XCTest

@testable import ProvHACompile

final class ConcurrentMapTests: XCTestCase {
    /// The kept results come in index order whatever the slices, each made once, moved (not
    /// copied or lost) into an array with the room asked for; a few indices stay on one core.
    func testKeptResultsComeInOrderOnceEach() {
        for count in [0, 1, 4095, 4096 * 3 + 7] {
            let strings = ConcurrentMap.compactMap(count: count, capacity: count + 10) { index -> String? in
                index % 3 == 0 ? nil : "device-\(index)-" + String(repeating: "x", count: index % 40)
            }
            let expected = (0..<count).filter { $0 % 3 != 0 }.map { "device-\($0)-" + String(repeating: "x", count: $0 % 40) }
            XCTAssertEqual(strings.count, expected.count, "\(count) indices")
            XCTAssertTrue(strings == expected, "\(count) indices: the kept results in index order")
            XCTAssertGreaterThanOrEqual(strings.capacity, count + 10)
        }
        XCTAssertEqual(ConcurrentMap.compactMap(count: 10_000) { _ -> Int? in nil }, [])
    }
}
