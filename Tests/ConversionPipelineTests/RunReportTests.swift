import XCTest

@testable import ConversionPipeline

final class RunReportTests: XCTestCase {
    func testSummaryPointsToUserIdWhenMostEventsLackCustomerID() {
        var report = RunReport()
        report.eventsWritten = 10
        report.addRejection(category: "The root value is missing the required field 'customer_id'.", count: 90)
        XCTAssertTrue(report.summary(destination: "out").contains("$.userId"))
        report.eventsWritten = 1000
        XCTAssertFalse(report.summary(destination: "out").contains("$.userId"))
    }

    func testReportJSONHasTheDocumentedKeys() {
        var report = RunReport()
        report.addRejection(category: "A", count: 2)
        report.addRejection(category: "B", count: 3)
        let text = report.json.jsonText
        for key in [
            "files_read", "lines_read", "bytes_read", "events_written", "events_skipped", "events_rejected",
            "rejected_by_reason", "elapsed_seconds",
        ] {
            XCTAssertTrue(text.contains("\"\(key)\":"), key)
        }
        XCTAssertTrue(text.contains("\"rejected_by_reason\":{\"B\":3,\"A\":2}"), text)
    }

    func testOutputPathsMirrorInputPaths() {
        XCTAssertEqual(OutputRouter.outputRelativePath("a/1709251200000/x.gz", gzip: false), "a/1709251200000/x.ndjson")
        XCTAssertEqual(OutputRouter.outputRelativePath("a/x.json.gz", gzip: true), "a/x.ndjson.gz")
        XCTAssertEqual(OutputRouter.outputRelativePath("x.jsonl", gzip: false), "x.ndjson")
        XCTAssertEqual(OutputRouter.outputRelativePath("stdin", gzip: false), "stdin.ndjson")
    }
}
