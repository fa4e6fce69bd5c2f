import XCTest

@testable import SegmentArchive

final class GzipInflaterTests: XCTestCase {
    /// Compresses with zlib and inflates with the build's inflater (ISA-L when present) in small
    /// output windows, so members, window refills and the end-of-member flag are all exercised.
    func testInflatesWhatGzipCompressorWrote() {
        let text = Array((0..<5000).map { "{\"n\":\($0),\"s\":\"line \($0)\"}\n" }.joined().utf8)
        var compressed: [UInt8] = []
        let compressor = GzipCompressor(level: 6)
        text.withUnsafeBytes { bytes in compressor.compress(bytes, finish: true) { compressed.append(contentsOf: $0) } }
        XCTAssertLessThan(compressed.count, text.count / 3)

        let inflater = GzipInflater()
        var output: [UInt8] = []
        var window = [UInt8](repeating: 0, count: 4096)
        var offset = 0
        var ended = false
        while !ended {
            let step = compressed.withUnsafeBytes { input in
                window.withUnsafeMutableBytes { out in
                    inflater.inflate(UnsafeRawBufferPointer(rebasing: input[offset...]), into: out)
                }
            }
            XCTAssertNil(step.failure)
            offset += step.consumed
            output.append(contentsOf: window[0..<step.produced])
            ended = step.memberEnded
            if step.consumed == 0 && step.produced == 0 && !ended { return XCTFail("no progress") }
        }
        XCTAssertEqual(output, text)
        XCTAssertEqual(offset, compressed.count)
        XCTAssertFalse(GzipInflater.libraryName.isEmpty)
    }

    func testCorruptDataIsReportedWithTheBytesProducedBefore() {
        var compressed: [UInt8] = []
        let compressor = GzipCompressor(level: 6)
        let text = Array(String(repeating: "{\"a\":1}\n", count: 20000).utf8)
        text.withUnsafeBytes { bytes in compressor.compress(bytes, finish: true) { compressed.append(contentsOf: $0) } }
        compressed[compressed.count - 6] ^= 0xFF  // inside the CRC-32/length trailer
        let inflater = GzipInflater()
        var window = [UInt8](repeating: 0, count: text.count + 1024)
        let step = compressed.withUnsafeBytes { input in
            window.withUnsafeMutableBytes { inflater.inflate(input, into: $0) }
        }
        XCTAssertNotNil(step.failure)
        XCTAssertEqual(step.produced, text.count)
    }
}
