import Foundation
import Logging
import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents
@testable import MetronomeIngest
@testable import MetronomeMock
@testable import SegmentMapping

/// `sync` over real HTTP (async-http-client) to the in-process stand-in, with the faults the issue
/// names: nothing lost, nothing extra, 400s isolated, a bad token stopped, gzip bodies; and `upload`'s
/// rate limit.
final class SyncAgainstMockTests: XCTestCase {
    /// 2024-06-15T00:00:00Z: the generated corpus (seed 11) is from May 2024.
    let now: Int64 = 1_718_409_600_000
    let tenYears: Int64 = 3650 * 86_400_000

    /// Runs `body` on a plain thread and waits (the test thread may block; the server runs on NIO).
    func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    final class ResultBox<T>: @unchecked Sendable { var result: Result<T, Error>? }

    func startServer(_ configuration: MockMetronomeConfiguration) throws -> MockMetronomeServer {
        let server = try blocking { try await MockMetronomeServer.start(configuration) }
        addTeardownBlock { _ = try? self.blocking { try await server.stop() } }
        return server
    }

    /// A generated corpus and the events `convert` makes of it (customer_id from userId).
    func corpus(_ work: String, lines: Int = 3000) throws -> (input: String, events: [[String: Any]]) {
        let input = work + "/corpus"
        _ = try CorpusWriter.write(directory: input, events: lines, files: 4, seed: 11)
        _ = try convert([input], work: work + "/expected") { options in
            options.mappings = self.mappings
            options.rules = EventRules(nowMilliseconds: self.now, maximumAgeMilliseconds: self.tenYears)
        }
        var events: [[String: Any]] = []
        let out = work + "/expected/out"
        for file in try FileManager.default.subpathsOfDirectory(atPath: out) where file.hasSuffix(".ndjson") {
            for line in try readText(out + "/" + file).split(separator: "\n") {
                events.append(try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])
            }
        }
        return (input, events)
    }

    func milliseconds(_ text: String) -> Int64 {
        var copy = text
        return copy.withUTF8 { RFC3339.epochMilliseconds(UnsafeRawBufferPointer($0)) } ?? 0
    }

    var mappings: [CompiledMapping] {
        let data = FileManager.default.contents(atPath: packageRoot + "/testdata/mappings/customer-from-userid.json")!
        return try! MappingFile.load(Array(data))
    }

    func sync(
        _ input: String, server: MockMetronomeServer, work: String, token: String = "test-token", batchSize: Int = 10,
        compress: Bool = false
    ) throws -> RunReport {
        var settings = IngestClient.Settings()
        settings.compress = compress
        settings.requestTimeoutSeconds = 10
        let client = IngestClient(
            endpoint: try IngestEndpoint(baseURL: server.baseURL), token: BearerToken(token)!, settings: settings)
        defer { _ = try? blocking { await client.shutdown() } }
        var upload = UploadOptions(transport: client, endpointDescription: server.baseURL)
        upload.batchSize = batchSize
        var policy = RetryPolicy(maximumRetries: 40, maximumDelaySeconds: 0.05)
        policy.initialBackoffSeconds = 0.005
        policy.maximumBackoffSeconds = 0.05
        upload.uploader.retryPolicy = policy
        return try convert([input], work: work) { options in
            options.destination = .metronome(upload)
            options.mappings = self.mappings
            options.rules = EventRules(nowMilliseconds: self.now, maximumAgeMilliseconds: self.tenYears)
        }
    }

    /// `--rate-limit` over real HTTP, with `upload` (whose reader is far faster than the limit, so the
    /// limiter alone sets the pace): events per second, measured at the client from the first request
    /// to the last (start-up and the last answer do not count), within 10% of the limit.
    func testTheRateLimitHoldsWithinTenPercentOverHTTP() throws {
        let work = try temporaryDirectory(self)
        let count = 10_000
        let limit = 4_000.0
        let lines = (0..<count).map {
            #"{"transaction_id":"rate-\#($0)","customer_id":"c","event_type":"e","timestamp":"2024-06-14T00:00:00.000Z"}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: work + "/events.ndjson", atomically: true, encoding: .utf8)
        let server = try startServer(
            MockMetronomeConfiguration(token: "test-token", nowMilliseconds: now, maximumAgeMilliseconds: tenYears))
        let client = IngestClient(
            endpoint: try IngestEndpoint(baseURL: server.baseURL), token: BearerToken("test-token")!,
            settings: IngestClient.Settings())
        defer { _ = try? blocking { await client.shutdown() } }
        let timed = TimedTransport(client)
        var upload = UploadOptions(transport: timed, endpointDescription: server.baseURL)
        upload.uploader.eventsPerSecond = limit
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let report = try Upload(
            options: Upload.Options(
                inputs: [work + "/events.ndjson"], upload: upload,
                rules: EventRules(nowMilliseconds: now, maximumAgeMilliseconds: tenYears),
                rejectsPath: work + "/rejects.ndjson"),
            logger: logger
        ).run()
        XCTAssertEqual(report.delivery?.eventsDelivered, count)
        XCTAssertEqual(server.acceptedTransactionIDs.count, count)

        let sends = timed.sends.sorted { $0.nanoseconds < $1.nanoseconds }
        XCTAssertEqual(sends.map(\.events), Array(repeating: 100, count: count / 100))
        // The first request's events came from the initial burst; each later one waited for its tokens,
        // so the later events over the time from the first request to the last is the rate.
        let seconds = Double(sends.last!.nanoseconds - sends.first!.nanoseconds) / 1e9
        let rate = Double(count - sends.first!.events) / seconds
        print("--rate-limit \(Int(limit)): \(Int(rate)) events/s from the first request to the last")
        XCTAssertGreaterThan(seconds, 2, "long enough to measure")
        XCTAssertLessThanOrEqual(rate, limit * 1.1, "over --rate-limit by more than 10%")
        XCTAssertGreaterThanOrEqual(rate, limit * 0.9, "under --rate-limit by more than 10%")
    }

    func testWithEveryKindOfFaultNothingIsLostAndNothingAdded() throws {
        let work = try temporaryDirectory(self)
        let (input, events) = try corpus(work)
        let expected = Set(events.map { $0["transaction_id"] as! String })
        XCTAssertGreaterThan(expected.count, 1500)
        let server = try startServer(
            MockMetronomeConfiguration(
                token: "test-token", nowMilliseconds: now, maximumAgeMilliseconds: tenYears,
                faults: MockFaults(
                    dropRate: 0.02, failRate: 0.2, failAfterPartialRate: 0.05, throttleRate: 0.05,
                    retryAfterSeconds: 0.01),
                seed: 7))
        let report = try sync(input, server: server, work: work + "/sync")
        XCTAssertEqual(server.acceptedTransactionIDs, expected)
        XCTAssertEqual(report.delivery?.eventsDelivered, expected.count)
        XCTAssertEqual(report.delivery?.eventsNotDelivered, 0)
        XCTAssertEqual(report.delivery?.isBalanced, true)
        let statistics = server.statistics
        XCTAssertGreaterThan(statistics.responses(500), 0, statistics.summary)
        XCTAssertGreaterThan(statistics.responses(429), 0, statistics.summary)
        XCTAssertGreaterThan(statistics.droppedConnections, 0, statistics.summary)
        XCTAssertGreaterThan(statistics.partialIngests, 0, statistics.summary)
        XCTAssertGreaterThan(statistics.duplicatesIgnored, 0, "partial ingests are retried whole")
        XCTAssertGreaterThan(report.delivery?.retries ?? 0, 0)
    }

    func testA400IsolatesExactlyTheEventsTheStandInRefuses() throws {
        let work = try temporaryDirectory(self)
        let (input, events) = try corpus(work, lines: 600)
        // The stand-in's backdating window is shorter than the uploader's: it refuses the older half.
        let times = events.map { milliseconds($0["timestamp"] as! String) }.sorted()
        let cutoff = times[times.count / 2]
        let server = try startServer(
            MockMetronomeConfiguration(
                token: "test-token", nowMilliseconds: now, maximumAgeMilliseconds: now - cutoff))
        let report = try sync(input, server: server, work: work + "/sync")
        let refused = Set(
            events.filter { milliseconds($0["timestamp"] as! String) < cutoff }.map {
                $0["transaction_id"] as! String
            })
        XCTAssertFalse(refused.isEmpty)
        XCTAssertEqual(
            server.acceptedTransactionIDs, Set(events.map { $0["transaction_id"] as! String }).subtracting(refused))
        let rejected = try readText(work + "/sync/rejects.ndjson").split(separator: "\n").compactMap {
            line -> String? in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            guard (object["reason"] as! String).hasPrefix("Metronome rejected the event: HTTP 400") else { return nil }
            return (object["record"] as! [String: Any])["transaction_id"] as? String
        }
        XCTAssertEqual(Set(rejected), refused)
        XCTAssertEqual(rejected.count, refused.count)
        XCTAssertGreaterThan(report.delivery?.splits ?? 0, 0)
    }

    func testABadTokenStopsAfterOneRequest() throws {
        let work = try temporaryDirectory(self)
        let (input, events) = try corpus(work, lines: 600)
        let server = try startServer(
            MockMetronomeConfiguration(token: "right-token", nowMilliseconds: now, maximumAgeMilliseconds: tenYears))
        let report = try sync(input, server: server, work: work + "/sync", token: "wrong-token")
        XCTAssertEqual(server.statistics.requests, 1)
        XCTAssertEqual(server.statistics.responses(403), 1)
        XCTAssertNotNil(report.delivery?.stopReason)
        XCTAssertEqual(report.delivery?.eventsDelivered, 0)
        XCTAssertEqual(report.delivery?.eventsNotDelivered, events.count)
        XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
    }

    func testGzipBodiesDeliverEverything() throws {
        let work = try temporaryDirectory(self)
        let (input, events) = try corpus(work, lines: 600)
        let server = try startServer(
            MockMetronomeConfiguration(token: "test-token", nowMilliseconds: now, maximumAgeMilliseconds: tenYears))
        let report = try sync(input, server: server, work: work + "/sync", batchSize: 100, compress: true)
        XCTAssertEqual(server.acceptedTransactionIDs, Set(events.map { $0["transaction_id"] as! String }))
        XCTAssertEqual(report.delivery?.eventsDelivered, events.count)
        // Every request the server read said `Content-Encoding: gzip` (and was inflated to be checked).
        let statistics = server.statistics
        XCTAssertGreaterThan(statistics.requests, 0)
        XCTAssertEqual(statistics.gzipRequests, statistics.requests, statistics.summary)
        XCTAssertEqual(statistics.requests, report.delivery?.requests)
    }

    func testWithoutCompressNoBodyIsGzipped() throws {
        let work = try temporaryDirectory(self)
        let (input, events) = try corpus(work, lines: 300)
        let server = try startServer(
            MockMetronomeConfiguration(token: "test-token", nowMilliseconds: now, maximumAgeMilliseconds: tenYears))
        let report = try sync(input, server: server, work: work + "/sync", batchSize: 100)
        XCTAssertEqual(report.delivery?.eventsDelivered, events.count)
        XCTAssertGreaterThan(server.statistics.requests, 0)
        XCTAssertEqual(server.statistics.gzipRequests, 0)
    }
}

/// Passes requests to `inner` and records when each was sent and how many events it carried.
final class TimedTransport: IngestTransport, @unchecked Sendable {
    private let inner: any IngestTransport
    private let lock = NSLock()
    private var recorded: [(nanoseconds: UInt64, events: Int)] = []

    init(_ inner: any IngestTransport) { self.inner = inner }

    var sends: [(nanoseconds: UInt64, events: Int)] { lock.withLock { recorded } }

    func send(_ body: [UInt8]) async -> IngestResponse {
        let time = DispatchTime.now().uptimeNanoseconds
        let events = (try? JSONSerialization.jsonObject(with: Data(body)) as? [Any])?.count ?? 0
        lock.withLock { recorded.append((time, events)) }
        return await inner.send(body)
    }
}
