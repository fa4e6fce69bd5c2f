import Foundation
import XCTest

@testable import RunLedger

final class FileIdentityTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = try temporaryDirectory(self)
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Rewrites `bytes` at `offset` in place and puts the file's times back, then checks that size and
    /// modification time really are unchanged (else the tests below would prove nothing).
    private func rewriteKeepingSizeAndTime(_ path: String, at offset: UInt64, with bytes: [UInt8]) throws {
        let before = try fileStatus(path)
        try overwrite(path, at: offset, with: bytes)
        try restoreTimes(path, from: before)
        let after = try fileStatus(path)
        XCTAssertEqual(after.st_size, before.st_size)
        XCTAssertEqual(after.st_mtim.tv_sec, before.st_mtim.tv_sec)
        XCTAssertEqual(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec)
    }

    private func identity(_ path: String) throws -> FileIdentity {
        try XCTUnwrap(FileIdentity.of(path: path, relativePath: "rel/" + (path as NSString).lastPathComponent))
    }

    // MARK: The same file

    func testTheSameFileHasTheSameIdentityWithItsSizeTimeAndRelativePath() throws {
        let path = try write("a.gz", pseudoRandomBytes(20_000, seed: 1))
        let first = try identity(path)
        let second = try identity(path)
        XCTAssertEqual(first, second)
        let info = try fileStatus(path)
        XCTAssertEqual(first.relativePath, "rel/a.gz")
        XCTAssertEqual(first.size, 20_000)
        XCTAssertEqual(
            first.modificationNanoseconds, Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
        XCTAssertEqual(first.fingerprint.count, 16)
        XCTAssertTrue(first.fingerprint.allSatisfy { "0123456789abcdef".contains($0) }, first.fingerprint)
    }

    func testTwoFilesWithTheSameBytesHaveTheSameFingerprint() throws {
        let bytes = pseudoRandomBytes(10_000, seed: 2)
        let a = try identity(try write("a.gz", bytes))
        let b = try identity(try write("b.gz", bytes))
        XCTAssertEqual(a.fingerprint, b.fingerprint)
        XCTAssertNotEqual(a.relativePath, b.relativePath)
    }

    func testAnEmptyFileHasAnIdentity() throws {
        let empty = try identity(try write("empty.gz", []))
        XCTAssertEqual(empty.size, 0)
        // FNV-1a of "0" (the size), nothing else.
        var hash = FNV1a()
        hash.add("0")
        XCTAssertEqual(empty.fingerprint, hash.hex)
    }

    func testTheSizeIsPartOfTheFingerprintEvenWhenHeadAndTailAreEqual() throws {
        // Zeros: the first and last 4 KiB are the same bytes; only the size tells them apart.
        let a = try identity(try write("a.gz", [UInt8](repeating: 0, count: 12_288)))
        let b = try identity(try write("b.gz", [UInt8](repeating: 0, count: 12_289)))
        XCTAssertNotEqual(a.fingerprint, b.fingerprint)
    }

    // MARK: Rewritten in place with the same size and time

    func testASmallFileRewrittenInPlaceWithTheSameSizeAndTimeChangesItsFingerprint() throws {
        let path = try write("small.gz", Array("hello, ledger".utf8))
        let before = try identity(path)
        try rewriteKeepingSizeAndTime(path, at: 7, with: Array("LEDGER".utf8))
        let after = try identity(path)
        XCTAssertEqual(after.size, before.size)
        XCTAssertEqual(after.modificationNanoseconds, before.modificationNanoseconds)
        XCTAssertNotEqual(after.fingerprint, before.fingerprint)
    }

    func testABigFileChangedInItsLast4KiBWithTheSameSizeAndTimeChangesItsFingerprint() throws {
        // > 8 KiB, so head and tail windows do not overlap; for gzip the CRC-32 and length are the last
        // 8 bytes. Change one byte at the very end and one at the start of the last 4 KiB.
        let size = 50_000
        for offset in [size - 1, size - 8, size - 4096] {
            let path = try write("big-\(offset).gz", pseudoRandomBytes(size, seed: 3))
            let before = try identity(path)
            try rewriteKeepingSizeAndTime(path, at: UInt64(offset), with: [~pseudoRandomBytes(size, seed: 3)[offset]])
            let after = try identity(path)
            XCTAssertEqual(after.size, before.size)
            XCTAssertEqual(after.modificationNanoseconds, before.modificationNanoseconds)
            XCTAssertNotEqual(after.fingerprint, before.fingerprint, "a change at byte \(offset) of \(size)")
        }
    }

    func testABigFileChangedInItsFirst4KiBWithTheSameSizeAndTimeChangesItsFingerprint() throws {
        let size = 50_000
        for offset in [0, 4095] {
            let path = try write("big-\(offset).gz", pseudoRandomBytes(size, seed: 4))
            let before = try identity(path)
            try rewriteKeepingSizeAndTime(path, at: UInt64(offset), with: [~pseudoRandomBytes(size, seed: 4)[offset]])
            XCTAssertNotEqual(try identity(path).fingerprint, before.fingerprint, "a change at byte \(offset)")
        }
    }

    func testAFileBetween4And8KiBIsFingerprintedWhole() throws {
        // The tail read starts at 4 KiB at least, so every byte of a file up to 8 KiB counts.
        let size = 6_000
        for offset in [0, 4095, 4096, 5000, size - 1] {
            let path = try write("mid-\(offset).gz", pseudoRandomBytes(size, seed: 5))
            let before = try identity(path)
            try rewriteKeepingSizeAndTime(path, at: UInt64(offset), with: [~pseudoRandomBytes(size, seed: 5)[offset]])
            XCTAssertNotEqual(try identity(path).fingerprint, before.fingerprint, "a change at byte \(offset)")
        }
    }

    /// By design: only the size and the first and last 4 KiB are read (two small reads whatever the
    /// size), so a same-size, same-time rewrite that changes only the middle of a file over 8 KiB keeps
    /// its fingerprint. For gzip this cannot happen without changing the trailer's CRC-32 (last 8 bytes).
    func testAChangeOnlyInTheMiddleOfABigFileWithTheSameSizeAndTimeIsNotDetectedByDesign() throws {
        let size = 50_000
        let path = try write("big.gz", pseudoRandomBytes(size, seed: 6))
        let before = try identity(path)
        try rewriteKeepingSizeAndTime(path, at: 4096, with: pseudoRandomBytes(size - 8192, seed: 7))
        let after = try identity(path)
        XCTAssertEqual(after, before, "the bytes from 4 KiB to size - 4 KiB are not part of the fingerprint")
        // The file did change, though.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertNotEqual([UInt8](bytes), pseudoRandomBytes(size, seed: 6))
    }

    // MARK: Unreadable

    func testAMissingFileHasNoIdentity() throws {
        XCTAssertNil(FileIdentity.of(path: directory + "/missing.gz", relativePath: "missing.gz"))
    }

    // MARK: FNV-1a

    func testFNV1aMatchesTheReferenceValues() {
        // From the FNV reference (64-bit FNV-1a test vectors).
        for (text, expected) in [("", "cbf29ce484222325"), ("a", "af63dc4c8601ec8c"), ("foobar", "85944171f73967e8")] {
            var hash = FNV1a()
            hash.add(text)
            XCTAssertEqual(hash.hex, expected, text)
        }
        var empty = FNV1a()
        empty.add([UInt8]())
        XCTAssertEqual(empty.value, 0xcbf2_9ce4_8422_2325)
        var a = FNV1a()
        a.add([UInt8(ascii: "a")])
        XCTAssertEqual(a.value, 0xaf63_dc4c_8601_ec8c)
    }

    func testFNV1aIsIncrementalAndTakesStringsAsUTF8() {
        var whole = FNV1a()
        whole.add("foobar")
        var parts = FNV1a()
        parts.add("foo")
        parts.add(Array("bar".utf8))
        XCTAssertEqual(parts.value, whole.value)
        var bytes = FNV1a()
        bytes.add([0xC3, 0xA9])
        var text = FNV1a()
        text.add("é")
        XCTAssertEqual(text.value, bytes.value)
    }

    func testFNV1aHexKeepsLeadingZeros() {
        // FNV-1a 64 of "k0" is 0x08be0e07b562230e: 16 digits, the leading zero kept.
        var hash = FNV1a()
        hash.add("k0")
        XCTAssertEqual(hash.value, 0x08be_0e07_b562_230e)
        XCTAssertEqual(hash.hex, "08be0e07b562230e")
    }
}
