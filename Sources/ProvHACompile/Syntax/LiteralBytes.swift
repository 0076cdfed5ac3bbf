extension Array where Element == UInt8 {
    /// Appends a literal's UTF-8 bytes. The fixed pieces of the text the emitters write are
    /// `StaticString`s, not shared `[UInt8]` constants: a constant array is retained and released
    /// at each use, by every rendering core at once, and its reference count became a cache line
    /// the cores fought over (12 % of a million-modem Kea build); a `StaticString` has no count.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the first `count` bytes of a literal.
    @inline(__always)
    mutating func append(prefix count: Int, of literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: Swift.min(count, literal.utf8CodeUnitCount)))
    }
}
