import Foundation
import Logging
import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents
@testable import MetronomeIngest

/// `sync`: the conversion pipeline with the HTTP sink, against an in-memory Metronome.
final class SyncTests: XCTestCase {
    let sample = packageRoot + "/testdata/segment-logs"
    let expected = packageRoot + "/testdata/expected/segment-logs"

    /// The golden events, file by file in discovery (byte) order.
    func goldenEvents() throws -> [String] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: expected).filter { $0.hasSuffix(".ndjson") }
            .sorted()
        return try files.flatMap { try readText(expected + "/" + $0).split(separator: "\n").map(String.init) }
    }

    func sync(
        _ transport: RecordingTransport, work: String, threads: Int = 1,
        configure: (inout UploadOptions) -> Void = { _ in }
    ) throws -> RunReport {
        var upload = UploadOptions(transport: transport, endpointDescription: "memory")
        upload.uploader.retryPolicy = RetryPolicy(maximumRetries: 20)
        configure(&upload)
        return try convert([sample], work: work, threads: threads) { options in
            options.destination = .metronome(upload)
        }
    }

    func testSyncSendsExactlyTheGoldenEventsInOrderInBatchesOfAtMost100() throws {
        let work = try temporaryDirectory(self)
        let transport = RecordingTransport()
        let report = try sync(transport, work: work) { $0.uploader.concurrency = 1 }
        let golden = try goldenEvents()
        XCTAssertEqual(transport.delivered, golden)
        XCTAssertTrue(transport.requests.allSatisfy { (1...100).contains($0.count) })
        let delivery = try XCTUnwrap(report.delivery)
        XCTAssertEqual(delivery.eventsDelivered, golden.count)
        XCTAssertEqual(report.eventsWritten, golden.count)
        XCTAssertTrue(delivery.isBalanced)
        XCTAssertFalse(report.accountingError)
        // The rejects are the conversion's own, exactly as convert writes them.
        XCTAssertEqual(
            try sortedRejects(work + "/rejects.ndjson", removing: packageRoot + "/"),
            try readText(packageRoot + "/testdata/expected/rejects.ndjson").split(separator: "\n").map(String.init))
    }

    func testBatchSizeAndParallelismDoNotChangeWhatIsDelivered() throws {
        let golden = try goldenEvents()
        for (threads, batch) in [(2, 7), (4, 1), (2, 100)] {
            let work = try temporaryDirectory(self)
            let transport = RecordingTransport()
            let report = try sync(transport, work: work, threads: threads) { $0.batchSize = batch }
            XCTAssertEqual(transport.delivered.sorted(), golden.sorted(), "threads \(threads), batch \(batch)")
            XCTAssertTrue(transport.requests.allSatisfy { $0.count <= batch })
            XCTAssertEqual(report.delivery?.batches, transport.requests.count)
        }
    }

    func testTransientFailuresLoseNothingAndAreCounted() throws {
        let work = try temporaryDirectory(self)
        // A deterministic mix: every third request 503, every fifth 429, every seventh a broken connection.
        let transport = RecordingTransport { _, request in
            if request % 3 == 1 { return .status(503, "busy") }
            if request % 5 == 2 { return .status(429) }
            if request % 7 == 3 { return .connectionFailed("reset by peer") }
            return .ok
        }
        let report = try sync(transport, work: work, threads: 2) { $0.batchSize = 10 }
        let golden = try goldenEvents()
        XCTAssertEqual(Set(transport.delivered), Set(golden))
        XCTAssertEqual(transport.delivered.count, golden.count, "each batch delivered exactly once")
        let delivery = try XCTUnwrap(report.delivery)
        XCTAssertEqual(delivery.eventsDelivered, golden.count)
        XCTAssertGreaterThan(delivery.retries, 0)
        XCTAssertEqual(delivery.requests, delivery.batches + delivery.retries)
    }

    func testARefusedTokenStopsAfterOneRequestAndAccountsForEveryEvent() throws {
        let work = try temporaryDirectory(self)
        let transport = RecordingTransport { _, _ in .answered(status: 403, hints: .init(), message: "Unauthorized") }
        let report = try sync(transport, work: work, threads: 2) { $0.batchSize = 5 }
        XCTAssertEqual(transport.requests.count, 1)
        let delivery = try XCTUnwrap(report.delivery)
        XCTAssertEqual(delivery.stopReason, "Metronome refused the API token (HTTP 403: Unauthorized)")
        XCTAssertEqual(delivery.eventsDelivered, 0)
        XCTAssertEqual(delivery.eventsNotDelivered, report.eventsWritten)
        XCTAssertTrue(delivery.isBalanced)
        let notSent = try readText(work + "/rejects.ndjson").split(separator: "\n").filter {
            $0.contains(#""retriable":true"#)
        }
        XCTAssertEqual(notSent.count, delivery.eventsNotDelivered)
    }

    func testEventsMetronomeRejectsAreIsolatedAndWrittenWithTheirArchiveLine() throws {
        let work = try temporaryDirectory(self)
        let golden = try goldenEvents()
        let bad = golden[5]
        let transport = RecordingTransport { events, _ in
            events.contains(bad) ? .answered(status: 400, hints: .init(), message: "[/0: no]") : .ok
        }
        let report = try sync(transport, work: work)
        // Bisection halves are sent concurrently, so compare as multisets.
        XCTAssertEqual(transport.delivered.sorted(), golden.filter { $0 != bad }.sorted())
        XCTAssertEqual(report.delivery?.eventsRejected, 1)
        XCTAssertGreaterThan(report.delivery?.splits ?? 0, 0)
        let line = try XCTUnwrap(
            try readText(work + "/rejects.ndjson").split(separator: "\n").first { $0.contains("Metronome rejected") })
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        XCTAssertEqual(record["reason"] as? String, "Metronome rejected the event: HTTP 400: [/0: no]")
        XCTAssertEqual(record["retriable"] as? Bool, false)
        XCTAssertEqual(record["mapping"] as? String, "Send track events to Metronome")
        // The source line really is the archive line that produced the event.
        let source = try XCTUnwrap(record["source"] as? String)
        let lineNumber = try XCTUnwrap(record["line"] as? Int)
        let archiveLine = try archiveLines(source)[lineNumber - 1]
        let event = try XCTUnwrap(record["record"] as? [String: Any])
        XCTAssertTrue(archiveLine.contains(event["transaction_id"] as! String))
    }

    /// The lines of an archive file (gzip or not).
    func archiveLines(_ path: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc -f '\(path)'"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
    }
}
