/// Equally long blocks written over a copy of rendered bytes: one rendering serves both nodes
/// when their texts differ only there (the PacketCable servers, own address first, are as long
/// on either node), so the second node's text costs a copy, not a rendering of its own.
struct BlockOverwrites: Sendable {
    let block: [UInt8]
    /// Where each block starts in the rendered bytes.
    let offsets: [Int]

    init(block: [UInt8], offsets: [Int]) {
        self.block = block
        self.offsets = offsets
    }

    /// `block` at offsets found in rendered bytes made in parts: each part's `offsets` are into
    /// its own `count` bytes, the parts one after the other.
    init(block: [UInt8], parts: [(offsets: [Int], count: Int)]) {
        var offsets: [Int] = []
        var origin = 0
        for part in parts {
            offsets += part.offsets.map { $0 + origin }
            origin += part.count
        }
        self.init(block: block, offsets: offsets)
    }

    /// Writes the blocks over `copy`, a copy of the rendered bytes `origin..<origin + copy.count`
    /// (the rendered bytes may be copied in parts): each block, or the piece of it in that range.
    func apply(to copy: UnsafeMutableBufferPointer<UInt8>, origin: Int = 0) {
        block.withUnsafeBufferPointer { block in
            guard let source = block.baseAddress, let target = copy.baseAddress else { return }
            for offset in offsets {
                let start = max(offset, origin)
                let end = min(offset + block.count, origin + copy.count)
                guard start < end else { continue }
                (target + (start - origin)).update(from: source + (start - offset), count: end - start)
            }
        }
    }

    /// The rendered bytes, made in `parts`, as one `String` with `overwrites` applied: one copy.
    static func text(of parts: [[UInt8]], overwrittenBy overwrites: BlockOverwrites?) -> String {
        let count = parts.reduce(0) { $0 + $1.count }
        return String(unsafeUninitializedCapacity: count) { text in
            guard let target = text.baseAddress else { return 0 }
            var written = 0
            for part in parts {
                let copy = UnsafeMutableBufferPointer(start: target + written, count: part.count)
                _ = copy.initialize(from: part)
                overwrites?.apply(to: copy, origin: written)
                written += part.count
            }
            return written
        }
    }
}
