import Foundation

/// Slots for the results of jobs that run concurrently (`DispatchQueue.concurrentPerform`),
/// read in job order once all have finished.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private var setCount = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        if slots[index] == nil { setCount += 1 }
        slots[index] = value
        lock.unlock()
    }

    /// Whether some job has set its value.
    var hasAny: Bool {
        lock.lock()
        defer { lock.unlock() }
        return setCount > 0
    }

    /// Every job's value, in job order; call after all jobs finished.
    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
