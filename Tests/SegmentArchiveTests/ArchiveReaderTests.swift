import Foundation
import XCTest

@testable import SegmentArchive

final class ArchiveReaderTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func path(_ name: String) -> String { directory + "/" + name }

    private func fileSize(_ path: String) throws -> Int64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? -1
    }

    /// Every emitted byte is accounted for in `bytesOut` (no BOM involved).
    private func assertAccounted(_ outcome: ReadOutcome, file: StaticString = #filePath, line: UInt = #line) {
        let emitted =
            outcome.data.count + outcome.damagedTails.reduce(0) { $0 + $1.length }
            + outcome.overlongLines.reduce(0) { $0 + $1.length + 1 }
        XCTAssertEqual(outcome.result.bytesOut, Int64(emitted), file: file, line: line)
    }

    // MARK: - Good files

    func testSingleMemberGzip() throws {
        let lines = sampleLines(2000)
        let data = lines.flatMap { $0 }
        try writeFile(path("a.json.gz"), gzipMember(data))
        let outcome = readArchive(path("a.json.gz"))
        XCTAssertNil(outcome.result.failure)
        XCTAssertTrue(outcome.result.compressed)
        XCTAssertEqual(outcome.lines, lines)
        XCTAssertEqual(outcome.result.bytesIn, try fileSize(path("a.json.gz")))
        XCTAssertEqual(outcome.result.bytesOut, Int64(data.count))
        XCTAssertLessThan(outcome.result.bytesIn, outcome.result.bytesOut)
    }

    func testMultiMemberGzipGivesAllLines() throws {
        let first = sampleLines(500, seed: 1)
        let second = sampleLines(700, seed: 2)
        let file = gzipMember(first.flatMap { $0 }) + gzipMember(second.flatMap { $0 })
        try writeFile(path("multi.gz"), file)
        let outcome = readArchive(path("multi.gz"))
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.lines, first + second)
        XCTAssertEqual(outcome.result.bytesIn, Int64(file.count))
        XCTAssertEqual(outcome.result.bytesOut, Int64((first + second).joined().count))
    }

    func testManyMembersIncludingEmptyOnesAcrossSmallInputBlocks() throws {
        let parts = (0..<6).map { sampleLines($0 * 7, seed: UInt64($0)) }
        let file = parts.flatMap { gzipMember($0.flatMap { $0 }) }
        try writeFile(path("parts.gz"), file)
        for blockSize in [16, 37, 100, 4096] {
            let reader = ArchiveReader(chunkSize: 256, maximumLineBytes: 4096, inputBlockSize: blockSize)
            let outcome = readArchive(path("parts.gz"), reader: reader)
            XCTAssertNil(
                outcome.result.failure, "block size \(blockSize): \(String(describing: outcome.result.failure))")
            XCTAssertEqual(outcome.lines, parts.flatMap { $0 }, "block size \(blockSize)")
            XCTAssertEqual(outcome.result.bytesIn, Int64(file.count))
        }
    }

    func testGzipWrittenByGzipToolWithFileNameHeader() throws {
        let gzip = "/bin/gzip"
        // gzip is part of every Debian system; its absence is a broken test machine.
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: gzip), "no \(gzip)")
        let lines = sampleLines(300)
        try writeFile(path("tool.json"), lines.flatMap { $0 })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-N", path("tool.json")]  // -N stores the name in the header (FNAME)
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let outcome = readArchive(path("tool.json.gz"))
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.lines, lines)
    }

    func testPlainNDJSONFile() throws {
        let lines = sampleLines(1000)
        let data = lines.flatMap { $0 }
        try writeFile(path("plain.ndjson"), data)
        let outcome = readArchive(path("plain.ndjson"), reader: ArchiveReader(chunkSize: 4096, inputBlockSize: 1000))
        XCTAssertNil(outcome.result.failure)
        XCTAssertFalse(outcome.result.compressed)
        XCTAssertEqual(outcome.lines, lines)
        XCTAssertEqual(outcome.result.bytesIn, Int64(data.count))
        XCTAssertEqual(outcome.result.bytesOut, Int64(data.count))
    }

    func testPlainFileWithBOMLeadingBlankLinesAndNoFinalNewline() throws {
        let body = Array("\n \r\n{\"a\":1}\n{\"b\":2}".utf8)
        try writeFile(path("bom.json"), [0xEF, 0xBB, 0xBF] + body)
        let outcome = readArchive(path("bom.json"))
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.data, body)
        XCTAssertEqual(outcome.result.bytesIn, Int64(body.count + 3))
    }

    func testGzipWithBOMIsStripped() throws {
        let body = Array("{\"a\":1}\n".utf8)
        try writeFile(path("bom.gz"), gzipMember([0xEF, 0xBB, 0xBF] + body))
        XCTAssertEqual(readArchive(path("bom.gz")).data, body)
    }

    func testEmptyFileGivesNoItemsAndNoFailure() throws {
        try writeFile(path("empty.json"), [])
        let outcome = readArchive(path("empty.json"))
        XCTAssertNil(outcome.result.failure)
        XCTAssertTrue(outcome.items.isEmpty)
        XCTAssertEqual(outcome.result.bytesIn, 0)
        XCTAssertEqual(outcome.result.bytesOut, 0)
    }

    func testGzipOfEmptyDataGivesNoItems() throws {
        try writeFile(path("empty.gz"), gzipMember([]))
        let outcome = readArchive(path("empty.gz"))
        XCTAssertNil(outcome.result.failure)
        XCTAssertTrue(outcome.result.compressed)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testGzipWithTrailingZeroPadding() throws {
        let lines = sampleLines(100)
        let file = gzipMember(lines.flatMap { $0 }) + [UInt8](repeating: 0, count: 1000)
        try writeFile(path("padded.gz"), file)
        let outcome = readArchive(path("padded.gz"), reader: ArchiveReader(inputBlockSize: 64))
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.lines, lines)
        XCTAssertEqual(outcome.result.bytesIn, Int64(file.count))
    }

    func testZeroPaddingBetweenMembers() throws {
        let first = sampleLines(10, seed: 3)
        let second = sampleLines(10, seed: 4)
        let file = gzipMember(first.flatMap { $0 }) + [0, 0, 0, 0] + gzipMember(second.flatMap { $0 })
        try writeFile(path("gap.gz"), file)
        let outcome = readArchive(path("gap.gz"))
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.lines, first + second)
    }

    func testOverlongLineInsideGzip() throws {
        let long = Array("{\"a\":\"".utf8) + [UInt8](repeating: 0x61, count: 10_000) + Array("\"}\n".utf8)
        let data = Array("{\"x\":1}\n".utf8) + long + Array("{\"y\":2}\n".utf8)
        try writeFile(path("long.gz"), gzipMember(data))
        let outcome = readArchive(path("long.gz"), reader: ArchiveReader(chunkSize: 256, maximumLineBytes: 1000))
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.data, Array("{\"x\":1}\n{\"y\":2}\n".utf8))
        XCTAssertEqual(outcome.overlongLines.map(\.length), [long.count - 1])
        XCTAssertEqual(outcome.result.bytesOut, Int64(data.count))
    }

    func testChunkBuffersStayBoundedWhileReadingGzip() throws {
        let lines = sampleLines(5000)
        try writeFile(path("big.gz"), gzipMember(lines.flatMap { $0 }))
        let reader = ArchiveReader(chunkSize: 4096, maximumLineBytes: 1024, inputBlockSize: 512)
        let outcome = readArchive(path("big.gz"), reader: reader)
        XCTAssertEqual(outcome.lines, lines)
        for item in outcome.items {
            if case .lines(let chunk) = item {
                XCTAssertLessThanOrEqual(chunk.buffer.capacity, 4096 + 1024)
                XCTAssertEqual(chunk.buffer.bytes.last, 0x0A)
            }
        }
    }

    func testPooledReaderGivesSameLines() throws {
        let lines = sampleLines(3000)
        try writeFile(path("pool.gz"), gzipMember(lines.flatMap { $0 }))
        let pool = ByteBufferPool(bufferCapacity: 8192, limit: 8)
        let reader = ArchiveReader(chunkSize: 8192, maximumLineBytes: 4096, pool: pool)
        XCTAssertEqual(readArchive(path("pool.gz"), reader: reader).lines, lines)
    }

    // MARK: - Damaged gzip

    func testTruncatedGzipKeepsEarlierLines() throws {
        let lines = sampleLines(4000)
        let full = gzipMember(lines.flatMap { $0 })
        let cut = Array(full.prefix(full.count / 2))
        try writeFile(path("cut.gz"), cut)
        let outcome = readArchive(path("cut.gz"), reader: ArchiveReader(chunkSize: 4096, inputBlockSize: 4096))
        let failure = try XCTUnwrap(outcome.result.failure)
        XCTAssertEqual(failure.kind, .truncatedGzip)
        XCTAssertEqual(failure.offset, Int64(cut.count))
        XCTAssertTrue(failure.message.contains("truncated gzip data"), failure.message)
        XCTAssertTrue(failure.message.contains("cut.gz"), failure.message)
        XCTAssertEqual(outcome.result.bytesIn, Int64(cut.count))
        let kept = outcome.lines
        XCTAssertGreaterThan(kept.count, 1000)
        XCTAssertLessThan(kept.count, lines.count)
        XCTAssertEqual(kept, Array(lines.prefix(kept.count)))
        // The partial line is reported as a damaged tail, the beginning of the next line.
        for tail in outcome.damagedTails {
            XCTAssertEqual(tail.prefix, Array(lines[kept.count].prefix(tail.prefix.count)))
            XCTAssertLessThan(tail.length, lines[kept.count].count)
        }
        assertAccounted(outcome)
    }

    func testGzipCutInsideTrailerIsTruncated() throws {
        let lines = sampleLines(200)
        let full = gzipMember(lines.flatMap { $0 })
        for dropped in [8, 4, 1] {
            try writeFile(path("trailer.gz"), Array(full.dropLast(dropped)))
            let outcome = readArchive(path("trailer.gz"))
            let failure = try XCTUnwrap(outcome.result.failure, "dropped \(dropped)")
            XCTAssertEqual(failure.kind, .truncatedGzip, "dropped \(dropped)")
            XCTAssertEqual(failure.offset, Int64(full.count - dropped))
            // All the data was inflated before the file ended.
            XCTAssertEqual(outcome.lines, lines, "dropped \(dropped)")
            XCTAssertTrue(outcome.damagedTails.isEmpty)
        }
    }

    func testGzipHeaderOnlyIsTruncated() throws {
        try writeFile(path("magic.gz"), [0x1F, 0x8B])
        let outcome = readArchive(path("magic.gz"))
        XCTAssertEqual(outcome.result.failure?.kind, .truncatedGzip)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testSecondMemberCutShortIsTruncatedAfterFirstMembersLines() throws {
        let first = sampleLines(50, seed: 8)
        let second = gzipMember(sampleLines(50, seed: 9).flatMap { $0 })
        try writeFile(path("second.gz"), gzipMember(first.flatMap { $0 }) + second.prefix(5))
        let outcome = readArchive(path("second.gz"))
        XCTAssertEqual(outcome.result.failure?.kind, .truncatedGzip)
        XCTAssertEqual(outcome.lines, first)
    }

    func testCorruptCRCIsCorruptGzip() throws {
        let lines = sampleLines(300)
        var file = gzipMember(lines.flatMap { $0 })
        file[file.count - 8] ^= 0xFF
        try writeFile(path("crc.gz"), file)
        let outcome = readArchive(path("crc.gz"))
        let failure = try XCTUnwrap(outcome.result.failure)
        XCTAssertEqual(failure.kind, .corruptGzip)
        XCTAssertTrue(failure.message.contains("corrupt gzip data"), failure.message)
        XCTAssertGreaterThan(failure.offset, 0)
        // The data was complete: every line was delivered before the check failed.
        XCTAssertEqual(outcome.lines, lines)
        XCTAssertTrue(outcome.damagedTails.isEmpty)
        assertAccounted(outcome)
    }

    func testCorruptLengthFieldIsCorruptGzip() throws {
        var file = gzipMember(sampleLines(300).flatMap { $0 })
        file[file.count - 4] ^= 0x01
        try writeFile(path("isize.gz"), file)
        XCTAssertEqual(readArchive(path("isize.gz")).result.failure?.kind, .corruptGzip)
    }

    func testCorruptDeflateDataKeepsEarlierLines() throws {
        let lines = sampleLines(6000)
        var file = gzipMember(lines.flatMap { $0 })
        let middle = file.count * 3 / 4
        for index in middle..<middle + 64 { file[index] = 0xFF }
        try writeFile(path("bad.gz"), file)
        let outcome = readArchive(path("bad.gz"), reader: ArchiveReader(chunkSize: 4096, inputBlockSize: 4096))
        let failure = try XCTUnwrap(outcome.result.failure)
        // A run of 1 bits decodes as valid codes, so the damage may only show at the CRC check.
        XCTAssertEqual(failure.kind, .corruptGzip, failure.message)
        XCTAssertGreaterThan(failure.offset, Int64(file.count / 2))
        let kept = outcome.lines
        XCTAssertGreaterThan(kept.count, lines.count / 2)
        // The lines before the damaged block are intact.
        XCTAssertEqual(Array(kept.prefix(lines.count / 2)), Array(lines.prefix(lines.count / 2)))
        assertAccounted(outcome)
    }

    func testInvalidStoredBlockIsDetectedWhereItIs() throws {
        // Level 0 writes stored blocks: header byte, LEN, NLEN (one's complement), then LEN bytes.
        let lines = sampleLines(8000)
        var file = gzipMember(lines.flatMap { $0 }, level: 0)
        var blocks: [Int] = []
        var offset = 10
        while offset + 5 <= file.count - 8 {
            XCTAssertTrue(file[offset] == 0 || file[offset] == 1, "stored block header expected at \(offset)")
            let length = Int(file[offset + 1]) | Int(file[offset + 2]) << 8
            let complement = Int(file[offset + 3]) | Int(file[offset + 4]) << 8
            XCTAssertEqual(length ^ 0xFFFF, complement)
            blocks.append(offset)
            offset += 5 + length
        }
        XCTAssertEqual(offset, file.count - 8)
        XCTAssertGreaterThanOrEqual(blocks.count, 4)
        let damaged = blocks[blocks.count / 2]
        file[damaged + 3] ^= 0x01  // NLEN no longer matches LEN
        try writeFile(path("stored.gz"), file)
        let outcome = readArchive(path("stored.gz"), reader: ArchiveReader(chunkSize: 4096, inputBlockSize: 4096))
        let failure = try XCTUnwrap(outcome.result.failure)
        XCTAssertEqual(failure.kind, .corruptGzip, failure.message)
        XCTAssertGreaterThan(failure.offset, Int64(blocks[1]))
        XCTAssertLessThan(failure.offset, Int64(damaged + 4096 + 5))
        // What is delivered is the intact start of the data, from before the damaged block.
        let before = damaged - 10 - 5 * (blocks.count / 2)
        let kept = outcome.lines
        XCTAssertGreaterThan(kept.count, lines.count / 4)
        XCTAssertEqual(kept, Array(lines.prefix(kept.count)))
        XCTAssertLessThanOrEqual(outcome.data.count + outcome.damagedTails.reduce(0) { $0 + $1.length }, before)
        assertAccounted(outcome)
    }

    func testUnsupportedCompressionMethodIsCorruptGzip() throws {
        var file = gzipMember(sampleLines(10).flatMap { $0 })
        file[2] = 7  // CM: only 8 (deflate) exists
        try writeFile(path("method.gz"), file)
        let outcome = readArchive(path("method.gz"))
        XCTAssertEqual(outcome.result.failure?.kind, .corruptGzip)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testGarbageAfterMemberIsCorruptGzipWithLinesKept() throws {
        let lines = sampleLines(20)
        let member = gzipMember(lines.flatMap { $0 })
        try writeFile(path("junk.gz"), member + Array("junk".utf8))
        let outcome = readArchive(path("junk.gz"))
        let failure = try XCTUnwrap(outcome.result.failure)
        XCTAssertEqual(failure.kind, .corruptGzip)
        XCTAssertEqual(failure.offset, Int64(member.count))
        XCTAssertTrue(failure.message.contains("unexpected data after a gzip member"), failure.message)
        XCTAssertEqual(outcome.lines, lines)
    }

    // MARK: - Not an archive, unreadable

    private func assertNotAnArchive(
        _ bytes: [UInt8], named name: String, mentioning format: String?, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        try writeFile(path(name), bytes)
        let outcome = readArchive(path(name))
        let failure = try XCTUnwrap(outcome.result.failure, file: file, line: line)
        XCTAssertEqual(failure.kind, .notAnArchive, file: file, line: line)
        XCTAssertEqual(failure.offset, 0, file: file, line: line)
        XCTAssertTrue(
            failure.message.contains("is neither gzip data nor NDJSON"), failure.message, file: file, line: line)
        XCTAssertTrue(failure.message.contains(name), failure.message, file: file, line: line)
        if let format {
            XCTAssertTrue(failure.message.contains(format), failure.message, file: file, line: line)
        }
        XCTAssertTrue(outcome.items.isEmpty, file: file, line: line)
        XCTAssertFalse(outcome.result.compressed, file: file, line: line)
    }

    func testRandomBytesNamedGzIsNotAnArchive() throws {
        var state: UInt64 = 42
        let bytes: [UInt8] =
            [0x9C, 0x01]
            + (0..<4000).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1
                return UInt8(truncatingIfNeeded: state >> 56)
            }
        try assertNotAnArchive(bytes, named: "random.gz", mentioning: "starts with bytes 9c 01")
    }

    func testZipIsNotAnArchiveAndNamedAsZip() throws {
        try assertNotAnArchive(
            [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00] + Array("events.json".utf8), named: "zipped.gz",
            mentioning: "a zip archive")
    }

    func testZstdIsNotAnArchiveAndNamedAsZstd() throws {
        try assertNotAnArchive(
            [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x05, 0x29, 0x00], named: "events.json.gz", mentioning: "zstd data")
    }

    func testBzip2AndXzAreNamed() throws {
        try assertNotAnArchive(Array("BZh91AY&SY".utf8), named: "b.gz", mentioning: "bzip2 data")
        try assertNotAnArchive([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], named: "x.gz", mentioning: "xz data")
    }

    func testTextThatIsNotNDJSONIsNotAnArchive() throws {
        try assertNotAnArchive(Array("[1,2,3]\n".utf8), named: "array.json", mentioning: nil)
        try assertNotAnArchive(Array("  hello\n".utf8), named: "hello.json", mentioning: nil)
    }

    func testMissingFileIsUnreadable() {
        let outcome = readArchive(path("does-not-exist.gz"))
        XCTAssertEqual(outcome.result.failure?.kind, .unreadable)
        XCTAssertTrue(outcome.result.failure?.message.contains("cannot open") ?? false)
        XCTAssertTrue(outcome.result.failure?.message.contains("does-not-exist.gz") ?? false)
        XCTAssertTrue(outcome.items.isEmpty)
        XCTAssertEqual(outcome.result.bytesIn, 0)
    }

    func testDirectoryIsUnreadable() throws {
        try FileManager.default.createDirectory(atPath: path("dir.gz"), withIntermediateDirectories: true)
        let outcome = readArchive(path("dir.gz"))
        XCTAssertEqual(outcome.result.failure?.kind, .unreadable)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testFailureKindRawValues() {
        XCTAssertEqual(ArchiveReadFailure.Kind.truncatedGzip.rawValue, "truncated_gzip")
        XCTAssertEqual(ArchiveReadFailure.Kind.corruptGzip.rawValue, "corrupt_gzip")
        XCTAssertEqual(ArchiveReadFailure.Kind.notAnArchive.rawValue, "not_an_archive")
        XCTAssertEqual(ArchiveReadFailure.Kind.unreadable.rawValue, "unreadable")
    }

    // MARK: - Inflate library

    func testInflateLibraryIsNamed() {
        XCTAssertFalse(GzipInflater.libraryName.isEmpty)
        XCTAssertTrue(["ISA-L igzip", "zlib"].contains(GzipInflater.libraryName), GzipInflater.libraryName)
    }

    // Regression (found while writing these tests).
    func testEverythingBeforeADamagedStoredBlockIsDelivered() throws {
        var file = gzipMember(sampleLines(8000).flatMap { $0 }, level: 0)
        // Stored blocks: 1 header byte, LEN, NLEN, LEN bytes. Damage the NLEN of block 4.
        var blocks: [Int] = []
        var offset = 10
        while offset + 5 <= file.count - 8 {
            blocks.append(offset)
            offset += 5 + (Int(file[offset + 1]) | Int(file[offset + 2]) << 8)
        }
        let damaged = blocks[4]
        file[damaged + 3] ^= 0x01
        try writeFile(path("stored.gz"), file)
        let outcome = readArchive(path("stored.gz"), reader: ArchiveReader(chunkSize: 4096, inputBlockSize: 4096))
        XCTAssertEqual(outcome.result.failure?.kind, .corruptGzip)
        let delivered = outcome.data.count + outcome.damagedTails.reduce(0) { $0 + $1.length }
        XCTAssertEqual(delivered, damaged - 10 - 5 * 4)  // all the bytes of blocks 0...3
    }
}
