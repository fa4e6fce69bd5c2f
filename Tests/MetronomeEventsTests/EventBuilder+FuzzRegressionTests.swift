import Foundation
import FuzzChecks
import XCTest

@testable import MetronomeEvents
@testable import SegmentJSON
@testable import SegmentMapping

/// The fuzz target `evaluate` (Fuzz/Sources/evaluate) replayed on every `regression-*` seed of
/// `Fuzz/corpus/evaluate/`: a seed added there is checked here without a code change. The check and
/// the mapping set are the target's own (`FuzzChecks.EvaluateCheck`).
final class EventBuilderFuzzRegressionTests: XCTestCase {
    static let corpus = EventTestSupport.packageRoot.appendingPathComponent("Fuzz/corpus/evaluate").path

    static let plans: [EventPlan] = {
        do {
            return try EvaluateCheck.makePlans()
        } catch {
            XCTFail("the fuzz mapping set does not load: \(error)")
            return []
        }
    }()

    func testEveryEvaluateRegressionSeedMakesOnlyValidJSONEvents() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter {
            $0.hasPrefix("regression-")
        }
        for name in names.sorted() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/" + name)))
            if let problem = Self.evaluateTargetProblem(bytes) { XCTFail("\(name): \(problem)") }
        }
    }

    /// The replay's check itself: the mapping set compiles, and a matching event goes through both
    /// mappings and makes two events.
    func testTheTargetsMappingSetMakesEventsOfAMatchingLine() {
        XCTAssertEqual(Self.plans.count, 2)
        let line =
            #"{"type":"track","event":"API Call","messageId":"m1","userId":"u1","timestamp":"2024-05-30T00:00:00Z","context":{"groupId":"g"},"properties":{"plan":"pro","tags":["a"],"n":1}}"#
        var events = 0
        XCTAssertNil(Self.evaluateTargetProblem(Array(line.utf8), events: &events))
        XCTAssertEqual(events, 2)
    }

    static func evaluateTargetProblem(_ bytes: [UInt8]) -> String? {
        var events = 0
        return evaluateTargetProblem(bytes, events: &events)
    }

    static func evaluateTargetProblem(_ bytes: [UInt8], events: inout Int) -> String? {
        EvaluateCheck.problem(bytes, plans: plans, builder: EvaluateCheck.makeBuilder(), events: &events)
    }
}
