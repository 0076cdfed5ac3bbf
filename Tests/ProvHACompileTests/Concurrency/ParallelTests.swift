import Foundation
import XCTest

@testable import ProvHACompile

/// `Parallel`, the one component that runs work concurrently: results in job order, every job's
/// result kept, the first error by job order, a background job joined before returning.
final class ParallelTests: XCTestCase {
    func testMapKeepsEveryResultInJobOrder() {
        let results = Parallel.map(10_000) { index in
            // Uneven work, so that jobs finish out of order.
            (0..<(index % 7) * 50).reduce(index) { $0 &+ $1 }
        }
        XCTAssertEqual(results.count, 10_000)
        XCTAssertEqual(results[0], 0)
        XCTAssertEqual(results[1], 1 + (0..<50).reduce(0, +))
        XCTAssertEqual(Parallel.map(0) { $0 }, [])
        XCTAssertEqual(Parallel.map(3) { index -> Int? in index == 1 ? nil : index }, [0, nil, 2], "a nil result is a result")
    }

    private struct Failure: Error, Equatable { let index: Int }

    func testForEachThrowsTheFirstErrorInJobOrderAndRunsEveryJobOtherwise() throws {
        XCTAssertThrowsError(
            try Parallel.forEach(1000) { index in
                if index % 100 == 37 { throw Failure(index: index) }
            }
        ) { error in
            XCTAssertEqual((error as? Failure)?.index, 37, "the first failure by job order among those that ran")
        }
        let ran = Counter()
        try Parallel.forEach(500) { _ in ran.add() }
        XCTAssertEqual(ran.value, 500)
    }

    func testRunReturnsTheBackgroundResultWithTheForegroundsAndWaitsForItOnError() throws {
        let (background, foreground) = Parallel.run({ (1...1000).reduce(0, +) }, while: { "here" })
        XCTAssertEqual(background, 500_500)
        XCTAssertEqual(foreground, "here")
        let finished = Counter()
        XCTAssertThrowsError(
            try Parallel.run(
                {
                    Thread.sleep(forTimeInterval: 0.05)
                    finished.add()
                }, while: { throw Failure(index: 1) })
        )
        XCTAssertEqual(finished.value, 1, "the background job ended before the error came back")
    }

    func testSerializedCallRunsOneCallAtATime() throws {
        var calls: [Int] = []
        let call = SerializedCall<Int> { calls.append($0) }
        try Parallel.forEach(1000) { try call($0) }
        XCTAssertEqual(calls.sorted(), Array(0..<1000))
    }
}

/// A counter jobs add to.
private final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
