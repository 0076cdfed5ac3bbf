import Foundation

/// Maps a range of indices on every core, keeping the order: for the validator's passes over a
/// million rows, where one core making each result (and retaining the strings it holds) left
/// the other idle.
enum ConcurrentMap {
    /// The non-nil `transform(index)` for `0..<count`, in index order, in an array with room for
    /// `capacity` (more to append without a copy). Each core maps a slice of the indices into a
    /// buffer of its own; the results are then moved, not copied, into the array.
    static func compactMap<Result>(count: Int, capacity: Int = 0, _ transform: @Sendable (Int) -> Result?) -> [Result] {
        let sliceCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / minimumSlice))
        let slices = ConcurrentResults<SliceResults<Result>>(count: sliceCount)
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            let indices = (count * slice / sliceCount)..<(count * (slice + 1) / sliceCount)
            let results = SliceResults<Result>(capacity: indices.count)
            for index in indices {
                if let result = transform(index) { results.append(result) }
            }
            slices.set(slice, results)
        }
        let parts = slices.values
        let total = parts.reduce(0) { $0 + $1.count }
        return [Result](unsafeUninitializedCapacity: max(total, capacity)) { buffer, initialized in
            for part in parts {
                let moved = part.count
                part.move(into: UnsafeMutableBufferPointer(rebasing: buffer[initialized..<(initialized + moved)]))
                initialized += moved
            }
        }
    }

    /// Fewer indices than this are not worth a core of their own.
    private static let minimumSlice = 4096
}

/// The results of one slice, in a buffer its core fills; moved out once, then freed.
private final class SliceResults<Result>: @unchecked Sendable {
    private let start: UnsafeMutablePointer<Result>
    private(set) var count = 0

    init(capacity: Int) { start = .allocate(capacity: max(capacity, 1)) }

    func append(_ result: Result) {
        (start + count).initialize(to: result)
        count += 1
    }

    /// Moves the results into `target` (exactly `count` uninitialized places); they are no
    /// longer this slice's.
    func move(into target: UnsafeMutableBufferPointer<Result>) {
        guard let base = target.baseAddress else { return }
        base.moveInitialize(from: start, count: count)
        count = 0
    }

    deinit {
        start.deinitialize(count: count)
        start.deallocate()
    }
}
