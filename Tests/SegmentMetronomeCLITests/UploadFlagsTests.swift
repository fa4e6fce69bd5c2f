import ConversionPipeline
import Foundation
import MetronomeIngest
import MetronomeMock
import XCTest

@testable import segment_metronome

/// The flags `upload` and `sync` share, parsed in-process: their defaults, what they make of them, the
/// header the server receives, and the exit code a run's report gives.
final class UploadFlagsTests: XCTestCase {
    let environment = ["METRONOME_BEARER_TOKEN": "flags-test-token"]

    func testDefaultsAreTheIssuesAndTheSDKs() throws {
        let flags = try UploadFlags.parse([])
        XCTAssertEqual(flags.timeout, 60, "--timeout: the official SDKs' request timeout")
        XCTAssertEqual(flags.connectTimeout, 5, "--connect-timeout: the Python SDK's")
        XCTAssertEqual(flags.batchSize, 100)
        XCTAssertEqual(flags.concurrency, 8)
        XCTAssertEqual(flags.maxRetries, 8)
        XCTAssertEqual(flags.maxRetryDelay, 60)
        XCTAssertNil(flags.rateLimit)
        XCTAssertFalse(flags.compress)

        let (client, options) = try flags.makeUpload(environment: environment)
        defer { client.shutdownBlocking() }
        XCTAssertEqual(client.settings.requestTimeoutSeconds, 60)
        XCTAssertEqual(client.settings.connectTimeoutSeconds, 5)
        XCTAssertEqual(client.settings.connections, 8)
        XCTAssertFalse(client.settings.compress)
        XCTAssertEqual(client.settings.userAgent, "segment-metronome/\(SegmentMetronome.version)")
        XCTAssertEqual(options.batchSize, 100)
        XCTAssertEqual(options.uploader.concurrency, 8)
        XCTAssertEqual(options.uploader.retryPolicy, RetryPolicy(maximumRetries: 8, maximumDelaySeconds: 60))
        XCTAssertNil(options.uploader.eventsPerSecond)
    }

    func testTheFlagsReachTheClient() throws {
        let flags = try UploadFlags.parse([
            "--timeout", "2.5", "--connect-timeout", "0.5", "--concurrency", "3", "--compress", "--rate-limit", "900",
            "--max-retries", "1", "--max-retry-delay", "7", "--batch-size", "40",
        ])
        let (client, options) = try flags.makeUpload(environment: environment)
        defer { client.shutdownBlocking() }
        XCTAssertEqual(client.settings.requestTimeoutSeconds, 2.5)
        XCTAssertEqual(client.settings.connectTimeoutSeconds, 0.5)
        XCTAssertEqual(client.settings.connections, 3)
        XCTAssertTrue(client.settings.compress)
        XCTAssertEqual(options.batchSize, 40)
        XCTAssertEqual(options.uploader.concurrency, 3)
        XCTAssertEqual(options.uploader.eventsPerSecond, 900)
        XCTAssertEqual(options.uploader.retryPolicy, RetryPolicy(maximumRetries: 1, maximumDelaySeconds: 7))
        XCTAssertThrowsError(try UploadFlags.parse(["--timeout", "0"]))
        XCTAssertThrowsError(try UploadFlags.parse(["--connect-timeout", "-1"]))
    }

    /// The header as the stand-in receives it from the client the flags make (the issue: `User-Agent:
    /// segment-metronome/<version>`).
    func testTheServerReceivesTheUserAgentWithTheVersion() async throws {
        let server = try await MockMetronomeServer.start(
            MockMetronomeConfiguration(token: "flags-test-token", nowMilliseconds: 1_717_200_000_000, threads: 1))
        let flags = try UploadFlags.parse(["--endpoint", server.baseURL])
        let (client, _) = try flags.makeUpload(environment: environment)
        let body =
            #"[{"transaction_id":"ua-1","customer_id":"c","event_type":"e","timestamp":"2024-05-31T00:00:00Z"}]"#
        let response = await client.send(Array(body.utf8))
        await client.shutdown()
        try await server.stop()
        guard case .answered(200, _, _) = response else { return XCTFail("\(response)") }
        XCTAssertEqual(server.statistics.userAgents, ["segment-metronome/\(SegmentMetronome.version)": 1])
        XCTAssertTrue(SegmentMetronome.version.first?.isNumber == true, SegmentMetronome.version)
        XCTAssertEqual(server.statistics.gzipRequests, 0)
    }

    /// The documented exit codes (README, "Exit codes"), most serious first.
    func testDeliveryExitCode() {
        var report = RunReport()
        XCTAssertEqual(report.deliveryExitCode, 0, "files only, nothing failed")
        var totals = IngestTotals()
        totals.eventsSubmitted = 10
        totals.eventsDelivered = 7
        totals.eventsRejected = 3
        report.delivery = totals
        XCTAssertEqual(report.deliveryExitCode, 0, "rejected events are counted, not an error")
        report.filesFailed = 1
        XCTAssertEqual(report.deliveryExitCode, 1, "some input unreadable")
        report.delivery?.eventsNotDelivered = 2
        XCTAssertEqual(report.deliveryExitCode, 3, "retries used up beats an unreadable file")
        report.delivery?.stopReason = "Metronome refused the API token (HTTP 403)"
        XCTAssertEqual(report.deliveryExitCode, 4, "a refused token beats retries used up")
        report.accountingError = true
        XCTAssertEqual(report.deliveryExitCode, 70, "an accounting error beats everything")

        var stopped = RunReport()
        stopped.delivery = IngestTotals()
        stopped.delivery?.stopReason = "refused"
        XCTAssertEqual(stopped.deliveryExitCode, 4)
        var undelivered = RunReport()
        undelivered.delivery = IngestTotals()
        undelivered.delivery?.eventsNotDelivered = 1
        XCTAssertEqual(undelivered.deliveryExitCode, 3)
    }
}
