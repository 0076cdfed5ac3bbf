import Foundation

/// The one place the compiler runs work concurrently: jobs spread over the machine's cores with
/// their results in job order, a job beside the caller's, and calls serialized between jobs.
/// The stages say what they compute and hand it here; none starts a thread or takes a lock.
///
/// Every job's result is kept: a job that ended without storing one is a defect that stops the
/// program with its index, never a shorter list.
enum Parallel {
    /// `job(0)` … `job(count - 1)`, run on every core; their results in job order.
    static func map<Value>(_ count: Int, _ job: @Sendable (Int) -> Value) -> [Value] {
        let slots = Slots<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, job(index)) }
        return slots.all()
    }

    /// `job(0)` … `job(count - 1)`, run on every core, for their effects. Once one has thrown,
    /// jobs not yet started are skipped; the first error in job order among those thrown is
    /// rethrown after the started jobs have ended.
    static func forEach(_ count: Int, _ job: @Sendable (Int) throws -> Void) throws {
        let errors = Slots<Error?>(count: count)
        let failed = Flag()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            guard !failed.isSet else { return errors.set(index, nil) }
            do {
                try job(index)
                errors.set(index, nil)
            } catch {
                failed.set()
                errors.set(index, error)
            }
        }
        if let first = errors.all().lazy.compactMap({ $0 }).first { throw first }
    }

    /// `background` on a thread of its own while `foreground` runs on the caller's; both
    /// results once both have ended. When `foreground` throws, its error is thrown once
    /// `background` has ended too (nothing outlives the call).
    static func run<Background, Foreground>(
        _ background: @escaping @Sendable () -> Background, while foreground: () throws -> Foreground
    ) rethrows -> (Background, Foreground) {
        let slot = Slots<Background>(count: 1)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            slot.set(0, background())
            done.signal()
        }
        let foregroundResult: Foreground
        do {
            foregroundResult = try foreground()
        } catch {
            done.wait()
            throw error
        }
        done.wait()
        return (slot.all()[0], foregroundResult)
    }
}

/// A call that concurrent jobs make one at a time (e.g. a progress callback that is not
/// thread-safe).
final class SerializedCall<Argument>: @unchecked Sendable {
    private let call: (Argument) throws -> Void
    private let lock = NSLock()

    init(_ call: @escaping (Argument) throws -> Void) { self.call = call }

    func callAsFunction(_ argument: Argument) throws { try lock.withLock { try call(argument) } }
}

/// One slot per job, each set once by its job; read after all have ended.
private final class Slots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

    /// Every job's value in job order; a job without one is a defect.
    func all() -> [Value] {
        lock.withLock {
            slots.enumerated().map { index, value in
                guard let value else { preconditionFailure("concurrent job \(index) of \(slots.count) ended without its result") }
                return value
            }
        }
    }
}

/// Set once by any job, read by all.
private final class Flag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
