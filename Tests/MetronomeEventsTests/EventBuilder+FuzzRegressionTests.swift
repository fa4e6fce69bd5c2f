import Foundation
import XCTest

@testable import MetronomeEvents
@testable import SegmentJSON
@testable import SegmentMapping

/// The fuzz target `evaluate` (Fuzz/Sources/evaluate) replayed on every `regression-*` seed of
/// `Fuzz/corpus/evaluate/`: a seed added there is checked here without a code change. The check and
/// the mapping set are the target's own, copied (the fuzz package cannot be a test dependency); keep
/// them in step.
final class EventBuilderFuzzRegressionTests: XCTestCase {
    static let corpus = EventTestSupport.packageRoot.appendingPathComponent("Fuzz/corpus/evaluate").path

    /// The `evaluate` target's mapping set, exercising every directive (copied from its source).
    static let mappingFile = #"""
        {"mappings":[
         {"name":"preset","subscribe":"type = \"track\"","mapping":{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.context.groupId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},"properties":{"@path":"$.properties"}}},
         {"name":"all","subscribe":"type = \"track\" and (contains(event, \"API\") or properties.plan = \"pro\") and userId != null","mapping":{
           "transaction_id":{"@template":"{{messageId}}-x"},
           "customer_id":{"@if":{"exists":{"@path":"$.context.groupId"},"then":{"@path":"$.context.groupId"},"else":{"@path":"$.userId"}}},
           "timestamp":{"@path":"$.timestamp"},
           "event_type":{"@case":{"operator":"lower","value":{"@replace":{"pattern":" ","replacement":"_","value":{"@path":"$.event"}}}}},
           "properties":{"@merge":{"objects":[{"@flatten":{"value":{"@path":"$.properties"},"separator":"."}},{"json":{"@json":{"mode":"encode","value":{"@path":"$.context"}}},"first":{"@arrayPath":["$.properties.tags",{"t":{"@path":"$"}}]},"l":{"@literal":"x"},"liq":{"@liquid":"{{ event | downcase | append: '!' }}"},"t":{"@transform":{"apply":{"n":{"@path":"$.properties.n"}},"mapping":{"m":{"@path":"$.n"}}}},"e":{"@excludeWhenNull":{"@path":"$.properties.missing"}}}],"direction":"right"}}
         }}
        ]}
        """#

    static let plans: [EventPlan] = {
        do {
            return try MappingFile.load(Array(mappingFile.utf8)).map(EventPlan.init)
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

    /// What the `evaluate` target would stop on: every event the mappings make of a line that parses to
    /// an object must be one valid JSON line. Counts the events made.
    static func evaluateTargetProblem(_ bytes: [UInt8], events: inout Int) -> String? {
        let builder = EventBuilder(rules: EventRules(nowMilliseconds: 1_717_200_000_000))
        return JSONBytes.with(bytes) { input -> String? in
            var parser = JSONLineParser()
            var document = JSONDocument()
            guard (try? parser.parse(input, into: &document)) != nil, document.root.kind == .object else { return nil }
            var out: [UInt8] = []
            for plan in plans where plan.mapping.trigger.matches(document) {
                let before = out.count
                if builder.append(plan, document, to: &out) == nil {
                    events += 1
                    let line = Array(out[before...].dropLast())
                    if (try? JSONValue.parse(line)) == nil {
                        return "an event that is not JSON: \(String(decoding: line, as: UTF8.self))"
                    }
                }
            }
            return nil
        }
    }
}
