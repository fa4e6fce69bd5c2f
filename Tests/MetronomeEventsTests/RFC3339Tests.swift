import XCTest

@testable import MetronomeEvents

final class RFC3339Tests: XCTestCase {
    private func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { RFC3339.epochMilliseconds(UnsafeRawBufferPointer($0)) }
    }

    func testAcceptsTheFormsMetronomeDocuments() {
        XCTAssertEqual(parse("2025-01-23T01:23:45Z"), 1_737_595_425_000)
        XCTAssertEqual(parse("2025-01-23T01:23:45.123Z"), 1_737_595_425_123)
        XCTAssertEqual(parse("2025-01-23T01:23:45.1Z"), 1_737_595_425_100)
        XCTAssertEqual(parse("2025-01-23T01:23:45.123456789Z"), 1_737_595_425_123)
        XCTAssertEqual(parse("2025-01-23t01:23:45z"), 1_737_595_425_000)
        XCTAssertEqual(parse("2025-01-23T02:23:45+01:00"), 1_737_595_425_000)
        XCTAssertEqual(parse("2025-01-22T20:23:45-05:00"), 1_737_595_425_000)
        XCTAssertEqual(parse("2024-02-29T00:00:00Z"), 1_709_164_800_000)
        XCTAssertEqual(parse("2016-12-31T23:59:60Z"), 1_483_228_799_999)
    }

    func testRefusesLooserForms() {
        for text in [
            "", "2025-01-23", "2025-01-23 01:23:45Z", "2025-01-23T01:23:45", "25-01-23T01:23:45Z",
            "+02025-01-23T01:23:45Z", "2025-1-23T01:23:45Z", "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
            "2025-04-31T00:00:00Z", "2025-01-23T24:00:00Z", "2025-01-23T01:60:00Z", "2025-01-23T01:23:45.Z",
            "2025-01-23T01:23:45+0100", "2025-01-23T01:23:45Zjunk", "1737595425000", "Thu, 23 Jan 2025 01:23:45 GMT",
        ] {
            XCTAssertNil(parse(text), text)
        }
    }
}
