import Foundation
import XCTest

@testable import SegmentArchive

/// `GzipCompressor` output, read back through `ArchiveReader` (and `gzip -d` when available).
final class GzipCompressorTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func roundTrip(_ compressed: [UInt8]) throws -> ReadOutcome {
        let path = directory + "/round-trip-\(UUID().uuidString).gz"
        try writeFile(path, compressed)
        return readArchive(path)
    }

    func testOutputIsAGzipMember() {
        let compressed = gzipMember(Array("{\"a\":1}\n".utf8))
        XCTAssertEqual(Array(compressed.prefix(3)), [0x1F, 0x8B, 0x08])
        // ISIZE, the last four bytes, is the uncompressed length.
        let size = compressed.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(size, 8)
    }

    func testRoundTripInOneCall() throws {
        let lines = sampleLines(3000)
        let data = lines.flatMap { $0 }
        let compressed = gzipMember(data)
        XCTAssertLessThan(compressed.count, data.count)
        let outcome = try roundTrip(compressed)
        XCTAssertNil(outcome.result.failure)
        XCTAssertEqual(outcome.lines, lines)
        XCTAssertEqual(outcome.result.bytesOut, Int64(data.count))
    }

    func testRoundTripInManyPieces() throws {
        let lines = sampleLines(3000)
        let data = lines.flatMap { $0 }
        for pieceSize in [1, 999, 64 << 10] {
            let outcome = try roundTrip(gzipMember(data, pieceSize: pieceSize))
            XCTAssertNil(outcome.result.failure, "piece size \(pieceSize)")
            XCTAssertEqual(outcome.data, data, "piece size \(pieceSize)")
        }
    }

    func testRoundTripAtEveryLevel() throws {
        let data = sampleLines(500).flatMap { $0 }
        var sizes: [Int] = []
        for level: Int32 in [0, 1, 6, 9] {
            let compressed = gzipMember(data, level: level)
            sizes.append(compressed.count)
            XCTAssertEqual(try roundTrip(compressed).data, data, "level \(level)")
        }
        XCTAssertGreaterThan(sizes[0], data.count, "level 0 stores")
        XCTAssertLessThan(sizes[3], sizes[0])
    }

    func testOutputLargerThanTheInternalBufferIsComplete() throws {
        // Level 0 on 1 MiB of data produces more than the compressor's 256 KiB output buffer per call.
        var state: UInt64 = 3
        let data = (0..<(1 << 20)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return UInt8(ascii: "a") + UInt8(state >> 59)
        }
        var chunks = 0
        let compressor = GzipCompressor(level: 0)
        var compressed: [UInt8] = []
        data.withUnsafeBytes { input in
            compressor.compress(input, finish: true) { piece in
                chunks += 1
                compressed.append(contentsOf: piece)
            }
        }
        XCTAssertGreaterThan(chunks, 1)
        XCTAssertEqual(try roundTrip(compressed).data, data)
    }

    func testEmptyInputGivesAnEmptyMember() throws {
        let compressed = gzipMember([])
        XCTAssertGreaterThanOrEqual(compressed.count, 18)
        let outcome = try roundTrip(compressed)
        XCTAssertNil(outcome.result.failure)
        XCTAssertTrue(outcome.items.isEmpty)
    }

    func testWriteErrorsPropagate() {
        struct Stop: Error {}
        let compressor = GzipCompressor()
        XCTAssertThrowsError(
            try Array("x".utf8).withUnsafeBytes { input in
                try compressor.compress(input, finish: true) { _ in throw Stop() }
            }
        ) { error in
            XCTAssertTrue(error is Stop)
        }
    }

    func testGzipToolDecompressesTheOutput() throws {
        let gzip = "/bin/gzip"
        // gzip is part of every Debian system; its absence is a broken test machine.
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: gzip), "no \(gzip)")
        let data = sampleLines(400).flatMap { $0 }
        let path = directory + "/tool.gz"
        try writeFile(path, gzipMember(data, pieceSize: 1000) + gzipMember(data))
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc", path]
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(Array(output), data + data)
    }
}
