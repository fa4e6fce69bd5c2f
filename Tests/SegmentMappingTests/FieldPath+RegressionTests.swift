import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// Regression: a one-character string taken by index could not be walked further.
final class FieldPathRegressionTests: XCTestCase {
    func testAStringIndexResultCanBeWalkedFurther() throws {
        try MappingTestSupport.withDocument(#"{"t":"abc"}"#) { document in
            XCTAssertEqual(
                MappingTestSupport.materialize(FieldPath("t.0.length").evaluate(on: document), in: document),
                .number(JSONNumber(1)))
            XCTAssertEqual(
                MappingTestSupport.materialize(FieldPath("t.1.0").evaluate(on: document), in: document), .string("b"))
        }
    }
}
