/// Equally long blocks written over a copy of rendered bytes: one rendering serves both nodes
/// when their texts differ only there (the PacketCable servers, own address first, are as long
/// on either node), so the second node's text costs a copy, not a rendering of its own.
struct BlockOverwrites: Sendable {
    let block: [UInt8]
    /// Where each block starts in the rendered bytes.
    let offsets: [Int]

    /// Writes the block at each offset of `copy` (a copy of the rendered bytes); an offset whose
    /// block would not fit is left alone.
    func apply(to copy: UnsafeMutableBufferPointer<UInt8>) {
        block.withUnsafeBufferPointer { block in
            guard let source = block.baseAddress, let target = copy.baseAddress else { return }
            for offset in offsets where offset >= 0 && offset + block.count <= copy.count {
                (target + offset).update(from: source, count: block.count)
            }
        }
    }

    /// `bytes` as a `String`, with `overwrites` applied: one copy.
    static func text(of bytes: [UInt8], overwrittenBy overwrites: BlockOverwrites?) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { text in
            _ = text.initialize(from: bytes)
            overwrites?.apply(to: text)
            return bytes.count
        }
    }
}
