import Foundation
import XCTest

@testable import ProvHACompile

/// A text kept in parts reads as the one text it stands for, and is written, hashed and
/// compared as that text — also past the sizes and boundaries where its writer changes ways.
final class GeneratedTextTests: XCTestCase {
    /// "abcdefg" + "hij", "XY" read at 0 and 4 of the first part and at 1 of the second.
    private let inParts = GeneratedText(
        parts: [
            GeneratedText.Part(Array("abcdefg".utf8)[...], blockOffsets: [0, 4]),
            GeneratedText.Part(Array("--hij--".utf8)[2..<5], blockOffsets: [1]),
        ],
        block: Array("XY".utf8))

    func testPartsReadWithTheBlockInPlaceOfTheirBytes() {
        XCTAssertEqual(inParts.string, "XYcdXYghXY")
        XCTAssertEqual(inParts.count, 10)
        var pieces: [String] = []
        inParts.forEachPiece { pieces.append(String(decoding: $0, as: UTF8.self)) }
        XCTAssertEqual(pieces, ["XY", "cd", "XY", "g", "h", "XY"], "no piece copied, none empty")
        XCTAssertFalse(inParts.isContiguous)
        XCTAssertEqual(inParts, GeneratedText("XYcdXYghXY"))
        XCTAssertNotEqual(inParts, GeneratedText("XYcdXYghXZ"))
        XCTAssertEqual(GeneratedText(parts: []).string, "")
    }

    func testComparedAndHashedAsTheTextItStandsFor() {
        XCTAssertTrue(inParts.equals(Data("XYcdXYghXY".utf8)))
        XCTAssertFalse(inParts.equals(Data("XYcdXYghXZ".utf8)), "the last byte differs")
        XCTAssertFalse(inParts.equals(Data("abcdefghij".utf8)), "the bytes under the blocks are not the text")
        XCTAssertFalse(inParts.equals(Data("XYcdXYghX".utf8)), "shorter")
        XCTAssertTrue(GeneratedText(parts: []).equals(Data()))
        XCTAssertEqual(SHA256Digest.hex(of: inParts), SHA256Digest.hex(of: "XYcdXYghXY"))
    }

    /// Every size around a page and a mebibyte (where direct writes begin) and past the
    /// gathering buffer, as one string and in parts with blocks: the file holds the text.
    func testWrittenFilesHoldTheirTextAtEverySize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generated-text-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let page = DirectIO.alignment
        let sizes =
            [0, 1, page - 1, page, page + 1, DirectIO.minimum - 1, DirectIO.minimum, DirectIO.minimum + 1]
            + [TextWrite.chunk, TextWrite.chunk + page + 3, 2 * TextWrite.chunk + 17]
        for size in sizes {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) % 95 + 32 }
            let string = GeneratedText(String(decoding: bytes, as: UTF8.self))
            // Three parts, cut unevenly, with a block every 1000 bytes where it fits.
            let cuts = [0, size / 3, size / 3 + size / 5, size]
            let block = Array("<block>".utf8)
            var expected = bytes
            let parts = (0..<3).map { index -> GeneratedText.Part in
                let range = cuts[index]..<cuts[index + 1]
                let offsets = stride(from: 0, to: range.count - block.count, by: 1000).map { $0 }
                for offset in offsets { expected.replaceSubrange(range.lowerBound + offset..<range.lowerBound + offset + block.count, with: block) }
                return GeneratedText.Part(bytes[range], blockOffsets: offsets)
            }
            for (name, text, wanted) in [("string", string, bytes), ("parts", GeneratedText(parts: parts, block: block), expected)] {
                let path = "\(folder)/\(name)-\(size)"
                let file = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
                XCTAssertGreaterThanOrEqual(file, 0)
                XCTAssertNil(TextWrite.write(text, to: file), "\(name) of \(size) bytes")
                close(file)
                XCTAssertEqual(FileManager.default.contents(atPath: path), Data(wanted), "\(name) of \(size) bytes")
            }
        }
    }

    /// A file large enough to be written and read back direct: its digest is the text's, and one
    /// byte changed anywhere, the last page's too, is drift.
    func testALargeFileIsWrittenAndHashedDirectAndAChangedByteIsDrift() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("direct-drift-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bytes = (0..<(2 * DirectIO.minimum + 4099)).map { UInt8(truncatingIfNeeded: $0 % 89) + 32 }
        let text = GeneratedText(parts: [GeneratedText.Part(bytes[...], blockOffsets: [10, DirectIO.minimum + 3])], block: Array("**".utf8))
        let path = "master/etc/large.conf"
        _ = try OutputWriter(root: out).write([GeneratedFile(path: path, reload: .none, text: text)], inputs: "test")
        XCTAssertEqual(FileManager.default.contents(atPath: "\(out)/\(path)"), Data(text.string.utf8))
        XCTAssertEqual(try XCTUnwrap(DriftReport.check(root: out)).findings, [])
        for offset in [0, DirectIO.minimum + 1, bytes.count - 1] {
            let file = try XCTUnwrap(FileHandle(forUpdatingAtPath: "\(out)/\(path)"))
            try file.seek(toOffset: UInt64(offset))
            try file.write(contentsOf: Data("~".utf8))
            try file.close()
            XCTAssertEqual(try XCTUnwrap(DriftReport.check(root: out)).findings, [.modified(path)], "byte \(offset)")
            _ = try OutputWriter(root: out).write([GeneratedFile(path: path, reload: .none, text: text)], inputs: "test")
            XCTAssertEqual(try XCTUnwrap(DriftReport.check(root: out)).findings, [], "rewritten after byte \(offset)")
        }
    }
}
