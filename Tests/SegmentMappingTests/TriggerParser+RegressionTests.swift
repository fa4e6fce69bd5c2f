import XCTest

@testable import SegmentJSON
@testable import SegmentMapping

/// Regressions found while writing the trigger tests: the lexer worked on grapheme clusters, and lexed
/// the whole input before parsing.
final class TriggerParserRegressionTests: XCTestCase {
    func testCRLFBetweenClausesIsWhitespace() throws {
        let trigger = try TriggerParser.parse("type = \"a\"\r\nor type = \"b\"")
        XCTAssertTrue(try MappingTestSupport.withDocument(#"{"type":"b"}"#) { trigger.matches($0) })
    }

    func testCombiningMarkRightAfterAQuoteStaysInTheString() throws {
        let trigger = try TriggerParser.parse("event = \"\u{301}x\"")
        XCTAssertTrue(try MappingTestSupport.withDocument("{\"event\":\"\u{301}x\"}") { trigger.matches($0) })
    }

    func testColumnsCountUnicodeScalars() {
        XCTAssertThrowsError(try TriggerParser.parse("event = \"👨‍👩‍👧\" *")) {
            XCTAssertEqual(($0 as? TriggerSyntaxError)?.column, 17)
        }
        XCTAssertThrowsError(try TriggerParser.parse("properties.e\u{301} = 1")) {
            XCTAssertEqual(($0 as? TriggerSyntaxError)?.column, 13)
        }
    }

    func testTheLeftmostErrorIsReported() {
        XCTAssertThrowsError(try TriggerParser.parse(#"typo = "a" *"#)) {
            XCTAssertEqual(($0 as? TriggerSyntaxError)?.column, 1)
        }
        XCTAssertThrowsError(try TriggerParser.parse(#"type = "a" OR x = "unterminated"#)) {
            XCTAssertEqual(($0 as? TriggerSyntaxError)?.column, 12)
        }
    }
}
