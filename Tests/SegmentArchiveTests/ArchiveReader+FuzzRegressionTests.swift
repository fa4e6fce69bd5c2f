import Foundation
import FuzzChecks
import XCTest

@testable import SegmentArchive

/// The fuzz target `archive` (Fuzz/Sources/archive) replayed on every `regression-*` seed of
/// `Fuzz/corpus/archive/`: a seed added there is checked here without a code change. The check is
/// the target's own (`FuzzChecks.ArchiveFramingCheck`).
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

    static func archiveTargetProblem(_ bytes: [UInt8], work: String) throws -> String? {
        try ArchiveFramingCheck.problem(bytes, path: work + "/fuzz.gz")
    }
}
