import XCTest

@testable import ProvHACompile

/// `Deploy/Manifest.swift`: the digests a manifest records.
final class ManifestTests: XCTestCase {
    /// FIPS 180-2's known answers, as `sha256sum` prints them.
    func testDigestsAreSHA256InLowerCaseHex() {
        XCTAssertEqual(SHA256Digest.hex(of: "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256Digest.hex(of: Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
