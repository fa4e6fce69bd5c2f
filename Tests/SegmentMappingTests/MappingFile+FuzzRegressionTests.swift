import Foundation
import FuzzChecks
import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// The fuzz targets `trigger` and `mapping` (Fuzz/Sources/trigger, Fuzz/Sources/mapping) replayed on
/// every `regression-*` seed of their corpora: a seed added to `Fuzz/corpus/trigger/` or
/// `Fuzz/corpus/mapping/` is checked here without a code change. The checks are the targets' own
/// (`FuzzChecks.TriggerCheck`, `FuzzChecks.MappingLoadCheck`). Then the finding of
/// Fuzz/RESULTS.md that concerns the trigger language.
final class MappingFileFuzzRegressionTests: XCTestCase {
    static let corpus: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/Fuzz/corpus"
    }()

    /// The `trigger` target's fixed event.
    static let event = TriggerCheck.event

    static func regressions(_ target: String) throws -> [(String, [UInt8])] {
        let directory = corpus + "/" + target
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("regression-") }
            .sorted().map { ($0, Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0)))) }
    }

    func testEveryTriggerRegressionSeedParsesAndEvaluatesOrFailsWithAColumn() throws {
        for (name, bytes) in try Self.regressions("trigger") {
            if let problem = try Self.triggerTargetProblem(bytes) { XCTFail("\(name): \(problem)") }
        }
    }

    func testEveryMappingRegressionSeedLoadsOrFailsWithADescription() throws {
        for (name, bytes) in try Self.regressions("mapping") {
            if let problem = Self.mappingTargetProblem(bytes) { XCTFail("\(name): \(problem)") }
        }
    }

    /// `evaluate`'s own mapping set used `event contains "API"`, which is not FQL (`contains(event,
    /// "API")` is): the loader refuses it, naming the mapping and the column.
    func testContainsAsAnInfixOperatorIsRefusedWithItsColumn() throws {
        XCTAssertThrowsError(try TriggerParser.parse(#"type = "track" and event contains "API""#)) { error in
            XCTAssertEqual((error as? TriggerSyntaxError)?.column, 26, "\(error)")
        }
        let file = #"{"mappings":[{"name":"m","subscribe":"event contains \"API\"","mapping":{}}]}"#
        XCTAssertThrowsError(try MappingFile.load(Array(file.utf8))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("mappings[0].subscribe"), text)
            XCTAssertTrue(text.contains("column 7"), text)
        }
        let fixed = try TriggerParser.parse(#"type = "track" and contains(event, "API")"#)
        XCTAssertTrue(try MappingTestSupport.withDocument(Self.event) { fixed.matches($0) })
        XCTAssertNil(try Self.triggerTargetProblem(Array(#"event contains "API""#.utf8)))
    }

    static func triggerTargetProblem(_ bytes: [UInt8]) throws -> String? {
        TriggerCheck.problem(bytes)
    }

    static func mappingTargetProblem(_ bytes: [UInt8]) -> String? {
        MappingLoadCheck.problem(bytes)
    }
}
