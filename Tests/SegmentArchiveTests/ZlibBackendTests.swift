import XCTest

@testable import SegmentArchive

/// The zlib fallback backend (always compiled), checked directly and against the build's default inflater.
final class ZlibBackendTests: XCTestCase {
    /// Inflates `input` fed in blocks of `blockSize` into outputs of `outputSize`, across members.
    private func inflateAll(
        _ input: [UInt8], blockSize: Int = 1 << 20, outputSize: Int = 1 << 20,
        inflate: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) -> InflateStep, reset: () -> Void
    ) -> (output: [UInt8], members: Int, failure: InflateFailure?) {
        var output: [UInt8] = []
        var members = 0
        var consumed = 0
        var buffer = [UInt8](repeating: 0, count: outputSize)
        var idle = 0
        while consumed < input.count && idle < 10 {
            let step = input.withUnsafeBytes { all in
                buffer.withUnsafeMutableBytes { out in
                    inflate(
                        UnsafeRawBufferPointer(rebasing: all[consumed..<min(input.count, consumed + blockSize)]), out)
                }
            }
            consumed += step.consumed
            output.append(contentsOf: buffer[0..<step.produced])
            if let failure = step.failure { return (output, members, failure) }
            if step.memberEnded {
                members += 1
                reset()
            }
            idle = step.consumed == 0 && step.produced == 0 ? idle + 1 : 0
        }
        return (output, members, nil)
    }

    private func check(
        _ make: () -> (
            inflate: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) -> InflateStep, reset: () -> Void
        ),
        name: String
    ) {
        let data = sampleLines(2000).flatMap { $0 }
        let two = gzipMember(data) + gzipMember(Array("{\"end\":1}\n".utf8))
        for (blockSize, outputSize) in [(1 << 20, 1 << 20), (4096, 4096), (100, 1 << 20), (1 << 20, 1000)] {
            let backend = make()
            let result = inflateAll(
                two, blockSize: blockSize, outputSize: outputSize, inflate: backend.inflate, reset: backend.reset)
            XCTAssertNil(result.failure, "\(name) \(blockSize)/\(outputSize)")
            XCTAssertEqual(result.members, 2, "\(name) \(blockSize)/\(outputSize)")
            XCTAssertEqual(result.output, data + Array("{\"end\":1}\n".utf8), "\(name) \(blockSize)/\(outputSize)")
        }
        var corrupt = gzipMember(data)
        corrupt[corrupt.count - 7] ^= 0x10  // CRC-32
        let backend = make()
        let result = inflateAll(corrupt, inflate: backend.inflate, reset: backend.reset)
        guard case .corrupt(let message) = result.failure else {
            return XCTFail("\(name): expected a corrupt failure, got \(String(describing: result.failure))")
        }
        XCTAssertFalse(message.isEmpty)
        XCTAssertEqual(result.members, 0)
    }

    func testDefaultInflaterReadsMembersAcrossWindowsAndDetectsBadChecksum() {
        check(
            {
                let inflater = GzipInflater()
                return ({ inflater.inflate($0, into: $1) }, { inflater.reset() })
            }, name: GzipInflater.libraryName)
    }

    func testZlibBackendReadsMembersAndDetectsBadChecksum() {
        check(
            {
                let backend = ZlibBackend()
                return ({ backend.inflate($0, into: $1) }, { backend.reset() })
            }, name: "zlib")
    }

    func testInvalidHeaderIsCorrupt() {
        let inflater = ZlibBackend()
        var output = [UInt8](repeating: 0, count: 64)
        let input: [UInt8] = [0x1F, 0x8B, 0x07, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8]
        let step = input.withUnsafeBytes { bytes in output.withUnsafeMutableBytes { inflater.inflate(bytes, into: $0) }
        }
        if case .corrupt = step.failure {} else { XCTFail("expected corrupt, got \(String(describing: step.failure))") }
        XCTAssertFalse(step.memberEnded)
    }
}
