import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// `@liquid` as a directive (SEMANTICS 4.6): load-time compilation with located errors, the payload as
/// scope, the string rule. The engine itself is tested by the Liquid*Tests.
final class LiquidDirectiveTests: XCTestCase {
    func testRendersWithThePayload() {
        MappingTestSupport.assertTransform(
            #"{"f":{"@liquid":"Hi {{ properties.name }}"}}"#, #"{"properties":{"name":"Ann"}}"#, #"{"f":"Hi Ann"}"#)
        // Inside an @arrayPath shape the scope is the item.
        MappingTestSupport.assertTransform(
            #"{"@arrayPath":["$.list",{"n":{"@liquid":"{{ name }}!"}}]}"#, #"{"list":[{"name":"a"},{"name":"b"}]}"#,
            #"[{"n":"a!"},{"n":"b!"}]"#)
        // The empty template is "" without the engine.
        MappingTestSupport.assertTransform(#"{"f":{"@liquid":""}}"#, "{}", #"{"f":""}"#)
    }

    func testLoadErrorsNameTheirPlace() throws {
        do {
            _ = try MappingProgram.compile(
                MappingTestSupport.json(
                    #"{"a":{"@liquid":"{% for x in y %}{% endfor %}"},"b":[{"@liquid":"{{ x | sort }}"}],"c":{"@liquid":"ok"}}"#
                ))
            XCTFail("expected load errors")
        } catch {
            XCTAssertEqual(error.errors.map(\.location), [["a", "@liquid"], ["b", "0", "@liquid"]])
            XCTAssertEqual(error.errors[0].text, #"/a/@liquid tag "for" is disabled"#)
            XCTAssertEqual(error.errors[1].text, #"/b/0/@liquid filter "sort" is disabled"#)
        }
    }

    func testTemplateMustBeAString() {
        MappingTestSupport.assertTransformError(
            #"{"f":{"@liquid":1}}"#, "{}", "/f/@liquid should be a string but it is a number.")
        MappingTestSupport.assertTransformError(
            #"{"f":{"@liquid":{}}}"#, "{}", "/f/@liquid should be a string but it is an object.")
        MappingTestSupport.assertTransformError(
            #"{"f":{"@liquid":{"@path":"$.t"}}}"#, "{}", "/f/@liquid should be a string but it is a directive.")
        MappingTestSupport.assertTransformError(
            #"{"l":[{"@liquid":1}]}"#, "{}", "liquid template value must be a string")
    }

    func testLengthLimit() {
        let long = String(repeating: "a", count: 1001)
        MappingTestSupport.assertTransformError(
            #"{"f":{"@liquid":"\#(long)"}}"#, "{}", "/f/@liquid liquid template values are limited to 1000 characters")
        let limit = String(repeating: "b", count: 1000)
        MappingTestSupport.assertTransform(#"{"f":{"@liquid":"\#(limit)"}}"#, "{}", #"{"f":"\#(limit)"}"#)
    }
}
