import Logging
import MetronomeIngest
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

    /// delivered + rejected + not delivered (+ already settled) = submitted = produced, else exit code 70.
    func testTheAccountingCheckFailsOnAnyCountThatDoesNotAddUp() {
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        var files = RunReport()
        files.eventsWritten = 5
        files.checkDeliveryAccounting(logger: logger)
        XCTAssertNil(files.deliveryAccountingProblem, "no HTTP sink, nothing to check")
        XCTAssertFalse(files.accountingError)

        var totals = IngestTotals()
        totals.eventsSubmitted = 10
        totals.eventsDelivered = 6
        totals.eventsRejected = 2
        totals.eventsNotDelivered = 1
        totals.eventsAlreadySettled = 1
        var balanced = RunReport()
        balanced.eventsWritten = 10
        balanced.add(totals)
        balanced.checkDeliveryAccounting(logger: logger)
        XCTAssertNil(balanced.deliveryAccountingProblem)
        XCTAssertFalse(balanced.accountingError)

        var lost = totals
        lost.eventsDelivered = 5
        var lostReport = RunReport()
        lostReport.eventsWritten = 10
        lostReport.add(lost)
        XCTAssertEqual(
            lostReport.deliveryAccountingProblem,
            "10 events produced but 10 submitted, delivered + rejected + not delivered + already settled = 9")
        lostReport.checkDeliveryAccounting(logger: logger)
        XCTAssertTrue(lostReport.accountingError)
        XCTAssertTrue(lostReport.summary(destination: "x").contains("Accounting error"))

        // Balanced within the sink, but the sink saw fewer events than were produced.
        var unsubmitted = RunReport()
        unsubmitted.eventsWritten = 11
        unsubmitted.add(totals)
        XCTAssertNotNil(unsubmitted.deliveryAccountingProblem)
        unsubmitted.checkDeliveryAccounting(logger: logger)
        XCTAssertTrue(unsubmitted.accountingError)
    }

    func testOutputPathsMirrorInputPaths() {
        XCTAssertEqual(OutputRouter.outputRelativePath("a/1709251200000/x.gz", gzip: false), "a/1709251200000/x.ndjson")
        XCTAssertEqual(OutputRouter.outputRelativePath("a/x.json.gz", gzip: true), "a/x.ndjson.gz")
        XCTAssertEqual(OutputRouter.outputRelativePath("x.jsonl", gzip: false), "x.ndjson")
        XCTAssertEqual(OutputRouter.outputRelativePath("stdin", gzip: false), "stdin.ndjson")
    }
}
