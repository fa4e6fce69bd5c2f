import Foundation
import Logging
import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents
@testable import MetronomeIngest

/// `upload`: NDJSON files of Metronome events, checked, batched and sent to an in-memory Metronome.
final class UploadTests: XCTestCase {
    let expected = packageRoot + "/testdata/expected/segment-logs"

    func upload(
        _ inputs: [String], transport: RecordingTransport, work: String, maximumAge: Int64? = nil,
        configure: (inout UploadOptions) -> Void = { _ in }
    ) throws -> RunReport {
        var upload = UploadOptions(transport: transport, endpointDescription: "memory")
        upload.uploader.concurrency = 1
        configure(&upload)
        var options = Upload.Options(
            inputs: inputs, upload: upload,
            rules: EventRules(nowMilliseconds: goldenNow, maximumAgeMilliseconds: maximumAge),
            rejectsPath: work + "/rejects.ndjson")
        options.reportPath = work + "/report.json"
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try Upload(options: options, logger: logger).run()
    }

    func testUploadingConvertsOutputSendsEveryEventUnchangedInFileOrder() throws {
        let work = try temporaryDirectory(self)
        let transport = RecordingTransport()
        let report = try upload([expected], transport: transport, work: work)
        let files = try FileManager.default.subpathsOfDirectory(atPath: expected).filter { $0.hasSuffix(".ndjson") }
            .sorted()
        let golden = try files.flatMap { try readText(expected + "/" + $0).split(separator: "\n").map(String.init) }
        XCTAssertEqual(transport.delivered, golden)
        XCTAssertEqual(report.delivery?.eventsDelivered, golden.count)
        XCTAssertEqual(report.filesRead, files.count)
        XCTAssertEqual(report.eventsRejected, 0)
    }

    func testBadEventsAreRejectedBeforeSendingWithFileAndLine() throws {
        let work = try temporaryDirectory(self)
        let good =
            #"{"transaction_id":"a","customer_id":"c","event_type":"e","timestamp":"2024-05-31T00:00:00Z","properties":{}}"#
        let lines = [
            good,
            "",
            #"{"transaction_id":"b","customer_id":"c","event_type":"e","timestamp":"2024-06-03T00:00:00Z"}"#,
            "not json",
            #"{"transaction_id":"","customer_id":"c","event_type":"e","timestamp":"2024-05-31T00:00:00Z"}"#,
            good.replacingOccurrences(of: #""a""#, with: #""d""#),
        ]
        let file = work + "/events.ndjson"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let transport = RecordingTransport()
        let report = try upload([file], transport: transport, work: work)
        XCTAssertEqual(transport.requests, [[good, lines[5]]])
        XCTAssertEqual(report.blankLines, 1)
        XCTAssertEqual(report.eventsWritten, 5)
        XCTAssertEqual(report.delivery?.eventsRejected, 3)
        let rejects = try readText(work + "/rejects.ndjson").split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(rejects.map { $0["line"] as? Int }, [3, 4, 5])
        XCTAssertEqual(rejects.map { $0["source"] as? String }, [file, file, file])
        XCTAssertEqual(
            rejects[0]["reason"] as? String,
            "Timestamp 2024-06-03T00:00:00.000Z is more than 24 hours after the reference time 2024-06-01T00:00:00.000Z; Metronome rejects it."
        )
        XCTAssertTrue((rejects[1]["reason"] as? String)?.hasPrefix("The event is not valid JSON") == true)
        XCTAssertEqual(rejects[1]["record"] as? String, "not json")
        XCTAssertEqual(
            rejects[2]["reason"] as? String, "Transaction_id is empty; Metronome requires at least one character.")
    }

    func testTheBackdatingWindowIsEnforcedWhenSet() throws {
        let work = try temporaryDirectory(self)
        let transport = RecordingTransport()
        let report = try upload([expected], transport: transport, work: work, maximumAge: 34 * 86_400_000)
        XCTAssertEqual(report.eventsWritten, (report.delivery?.eventsDelivered ?? 0) + report.eventsRejected)
        XCTAssertGreaterThan(report.rejectedByReason["Timestamp is older than the backdating window."] ?? 0, 0)
        XCTAssertTrue(report.delivery?.isBalanced == true)
    }

    func testRetriesUsedUpLeaveRetriableRejectsAndExitCodeThree() throws {
        let work = try temporaryDirectory(self)
        let transport = RecordingTransport { _, _ in .status(502, "bad gateway") }
        let report = try upload([expected], transport: transport, work: work) {
            $0.uploader.retryPolicy = RetryPolicy(maximumRetries: 1)
        }
        let delivery = try XCTUnwrap(report.delivery)
        XCTAssertEqual(delivery.eventsDelivered, 0)
        XCTAssertEqual(delivery.eventsNotDelivered, report.eventsWritten)
        XCTAssertEqual(delivery.requests, 2 * delivery.batches)
        let rejects = try readText(work + "/rejects.ndjson").split(separator: "\n")
        XCTAssertEqual(rejects.count, report.eventsWritten)
        XCTAssertTrue(rejects.allSatisfy { $0.contains(#""retriable":true"#) })
    }
}
