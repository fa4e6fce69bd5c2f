import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// Every case of `testdata/vectors/mapping-kit.json` (SEMANTICS Appendix A) through the full upstream
/// `transform(mapping, event)`: root steps, static validation, resolution, removal of missing values.
final class MappingKitVectorTests: XCTestCase {
    func testEveryMappingKitVector() throws {
        let cases = try MappingTestSupport.vectorCases("mapping-kit.json")
        XCTAssertGreaterThan(cases.count, 0, "mapping-kit.json has no cases")
        var passed = 0
        for testCase in cases {
            guard case .string(let name)? = testCase["name"], let mapping = testCase["mapping"],
                let event = testCase["event"]
            else {
                XCTFail("malformed case: \(testCase)")
                continue
            }
            let outcome = try MappingTestSupport.transform(mapping, event)
            let expected = testCase["expected"]
            if case .object(let object)? = expected, object.count == 1, case .string(let substring)? = object["error"] {
                if case .error(let message) = outcome, message.contains(substring) {
                    passed += 1
                } else {
                    XCTFail("\(name): expected an error containing \(substring.debugDescription), got \(outcome)")
                }
                continue
            }
            if case .value(let value) = outcome, MappingTestSupport.sameJSON(value, expected) {
                passed += 1
            } else {
                XCTFail("\(name): expected \(expected?.jsonText ?? "<missing>"), got \(outcome)")
            }
        }
        XCTAssertEqual(passed, cases.count, "mapping-kit.json: \(passed) of \(cases.count) passed")
    }
}
