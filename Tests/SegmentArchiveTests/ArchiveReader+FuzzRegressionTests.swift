import Foundation
import XCTest

@testable import SegmentArchive

/// The fuzz target `archive` (Fuzz/Sources/archive) replayed on every `regression-*` seed of
/// `Fuzz/corpus/archive/`: a seed added there is checked here without a code change. The checks are
/// the target's own, copied (the fuzz package cannot be a test dependency); keep them in step.
final class ArchiveReaderFuzzRegressionTests: XCTestCase {
    static let corpus: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/Fuzz/corpus/archive"
    }()

    func testEveryArchiveRegressionSeedIsFramedIntoWholeLinesOrReported() throws {
        let work = try makeTemporaryDirectory(self)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter {
            $0.hasPrefix("regression-")
        }
        for name in names.sorted() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/" + name)))
            if let problem = try Self.archiveTargetProblem(bytes, work: work) { XCTFail("\(name): \(problem)") }
        }
    }

    /// The replay's check itself, on inputs of each kind the target meets.
    func testTheTargetsCheckPassesOnWholeDamagedAndOverlongInput() throws {
        let work = try makeTemporaryDirectory(self)
        let lines = Array("{\"a\":1}\n{\"b\":2}\n".utf8)
        for input in [
            [], lines, gzipMember(lines), Array(gzipMember(lines).dropLast(5)),
            gzipMember([UInt8](repeating: UInt8(ascii: "x"), count: 5000) + [0x0A]), [0x1F, 0x8B, 0x08],
        ] {
            XCTAssertNil(try Self.archiveTargetProblem(input, work: work))
        }
    }

    /// What the `archive` target would stop on: `bytes` as a `.gz` file read with small chunks and a
    /// small line limit; each chunk must fit its buffer, no kept prefix may be longer than its line,
    /// and a clean read cannot emit more line bytes than it inflated.
    static func archiveTargetProblem(_ bytes: [UInt8], work: String) throws -> String? {
        let path = work + "/fuzz.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = ArchiveReader(chunkSize: 4096, maximumLineBytes: 1024, inputBlockSize: 512)
        var total = 0
        var problem: String?
        let result = reader.read(ArchiveFile(path: path, relativePath: "fuzz.gz")) { item in
            switch item {
            case .lines(let chunk):
                if chunk.count > 4096 + 1024 { problem = "a chunk outgrew its buffer" }
                total += chunk.count
            case .overlongLine(let prefix, let length), .damagedTail(let prefix, let length):
                if prefix.count > length { problem = "a prefix longer than its line" }
            }
        }
        if result.failure == nil && Int64(total) > result.bytesOut { problem = "more line bytes than inflated bytes" }
        return problem
    }
}
