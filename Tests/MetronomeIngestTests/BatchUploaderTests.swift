import Foundation
import XCTest

@testable import MetronomeIngest

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: IngestTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []
    private var inFlight = 0
    private(set) var maximumInFlight = 0
    private let delay: Double
    private let answer: @Sendable (_ body: String, _ request: Int) -> IngestResponse

    init(delay: Double = 0, answer: @escaping @Sendable (_ body: String, _ request: Int) -> IngestResponse) {
        self.delay = delay
        self.answer = answer
    }

    var requests: [String] { lock.withLock { bodies } }

    func send(_ body: [UInt8]) async -> IngestResponse {
        let text = String(decoding: body, as: UTF8.self)
        let index = lock.withLock {
            bodies.append(text)
            inFlight += 1
            maximumInFlight = max(maximumInFlight, inFlight)
            return bodies.count - 1
        }
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        lock.withLock { inFlight -= 1 }
        return answer(text, index)
    }

    static func ok() -> IngestResponse { .answered(status: 200, hints: .init(), message: "") }
    static func status(_ code: Int, _ message: String = "", delayMilliseconds: Double? = 1) -> IngestResponse {
        .answered(status: code, hints: .init(retryAfterMilliseconds: delayMilliseconds), message: message)
    }
}

final class BatchUploaderTests: XCTestCase {
    /// Batches of `size` events with transaction IDs `prefix0`, `prefix1`, ...
    private func batches(_ ids: [String], size: Int = 100) -> [IngestBatch] {
        var batcher = IngestBatcher(file: 0, maximumEvents: size)
        var out: [IngestBatch] = []
        for (line, id) in ids.enumerated() {
            var text = #"{"transaction_id":"\#(id)"}"#
            out += text.withUTF8 {
                batcher.add(
                    UnsafeRawBufferPointer($0), transactionID: Array(id.utf8), origin: .init(file: 0, line: line + 1))
            }
        }
        if let last = batcher.finish() { out.append(last) }
        return out
    }

    /// Uploads `ids` and returns the outcomes in submission order.
    private func upload(
        _ ids: [String], transport: ScriptedTransport, settings: BatchUploader.Settings = .init(), size: Int = 100
    ) -> [BatchOutcome] {
        let outcomes = OutcomeList()
        let uploader = BatchUploader(transport: transport, settings: settings) { outcomes.append($0) }
        for batch in batches(ids, size: size) { uploader.submit(batch) }
        uploader.finish()
        return outcomes.sorted
    }

    private func ids(_ count: Int) -> [String] { (0..<count).map { "e\($0)" } }

    func testEveryEventIsDeliveredWithOneRequestPerBatch() {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.ok() }
        let outcomes = upload(ids(250), transport: transport)
        XCTAssertEqual(outcomes.map(\.delivered), [100, 100, 50])
        XCTAssertEqual(outcomes.flatMap(\.failures), [])
        XCTAssertEqual(transport.requests.count, 3)
        // With concurrency the second and third requests may arrive in either order.
        XCTAssertEqual(
            transport.requests.filter { $0.hasPrefix(#"[{"transaction_id":"e200"},"#) }.count, 1,
            "the last batch starts at the 201st event")
    }

    func testA400IsBisectedUntilExactlyTheBadEventsAreIsolated() {
        let transport = ScriptedTransport { body, _ in
            body.contains("bad") ? ScriptedTransport.status(400, "[/0/timestamp: bad]") : ScriptedTransport.ok()
        }
        var names = ids(100)
        names[17] = "bad17"
        names[63] = "bad63"
        let outcome = upload(names, transport: transport)[0]
        XCTAssertEqual(outcome.delivered, 98)
        XCTAssertEqual(outcome.failures.map(\.index), [17, 63])
        XCTAssertEqual(
            outcome.failures.first?.reason, "Metronome rejected the event: HTTP 400: [/0/timestamp: bad]")
        XCTAssertEqual(outcome.failures.first?.retriable, false)
        XCTAssertLessThanOrEqual(outcome.requests, 1 + 2 * 2 * 7, "O(bad * log n) requests")
        // Every request that succeeded carried no bad event; no event was delivered twice.
        let delivered = transport.requests.filter { !$0.contains("bad") }.flatMap { body in
            body.split(separator: "}").compactMap { $0.range(of: "\"e") != nil ? String($0) : nil }
        }
        XCTAssertEqual(delivered.count, 98)
        XCTAssertEqual(Set(delivered).count, 98)
    }

    func testARefusedTokenStopsAfterOneRequestEvenWithConcurrency() {
        let transport = ScriptedTransport(delay: 0.01) { _, _ in ScriptedTransport.status(401, "Unauthorized") }
        var settings = BatchUploader.Settings()
        settings.concurrency = 8
        let outcomes = upload(ids(2000), transport: transport, settings: settings)
        XCTAssertEqual(transport.requests.count, 1)
        XCTAssertEqual(outcomes.count, 20)
        XCTAssertEqual(outcomes.map(\.delivered).reduce(0, +), 0)
        let failures = outcomes.flatMap(\.failures)
        XCTAssertEqual(failures.count, 2000)
        XCTAssertTrue(failures.allSatisfy(\.retriable))
        XCTAssertEqual(
            failures.first?.reason,
            "not sent: the run stopped because Metronome refused the API token (HTTP 401: Unauthorized); fix the token and run again"
        )
    }

    func testARefusedTokenIsNotRetriedEvenWhenTheServerAsksForIt() {
        let transport = ScriptedTransport { _, _ in
            .answered(
                status: 403, hints: .init(shouldRetry: true, retryAfterMilliseconds: 1), message: "Forbidden")
        }
        let collected = OutcomeList()
        let uploader = BatchUploader(transport: transport, settings: .init()) { collected.append($0) }
        for batch in batches(ids(500)) { uploader.submit(batch) }
        uploader.finish()
        XCTAssertEqual(transport.requests.count, 1, "x-should-retry: true does not make a refused token retriable")
        XCTAssertEqual(uploader.stopReason, "Metronome refused the API token (HTTP 403: Forbidden)")
        let outcomes = collected.sorted
        XCTAssertEqual(outcomes.map(\.retries), [0, 0, 0, 0, 0])
        XCTAssertEqual(outcomes.flatMap(\.failures).count, 500)
    }

    func testRetriableFailuresAreRetriedThenReportedAsRetriable() {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.status(503, "busy") }
        var settings = BatchUploader.Settings()
        settings.retryPolicy = RetryPolicy(maximumRetries: 2)
        let outcome = upload(ids(10), transport: transport, settings: settings)[0]
        XCTAssertEqual(transport.requests.count, 3)
        XCTAssertEqual(outcome.retries, 2)
        XCTAssertEqual(outcome.failures.count, 10)
        XCTAssertTrue(outcome.failures.allSatisfy(\.retriable))
        XCTAssertEqual(
            outcome.failures[0].reason,
            "not delivered after 3 attempts (last: HTTP 503: busy); sending it again is safe, Metronome dedupes on transaction_id"
        )
    }

    func testARetriedRequestIsSentUnchangedAndThenDelivered() {
        let transport = ScriptedTransport { _, request in
            request < 2 ? ScriptedTransport.status(request == 0 ? 429 : 500) : ScriptedTransport.ok()
        }
        let outcome = upload(ids(10), transport: transport)[0]
        XCTAssertEqual(outcome.delivered, 10)
        XCTAssertEqual(outcome.retries, 2)
        XCTAssertEqual(Set(transport.requests).count, 1, "the same body each time")
    }

    func testOtherClientErrorsRejectTheBatchWithoutRetry() {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.status(422, "unprocessable") }
        let outcome = upload(ids(5), transport: transport)[0]
        XCTAssertEqual(transport.requests.count, 1)
        XCTAssertEqual(outcome.failures.map(\.index), [0, 1, 2, 3, 4])
        XCTAssertEqual(outcome.failures[0].category, "Metronome rejected the request (HTTP 422).")
        XCTAssertFalse(outcome.failures[0].retriable)
    }

    func testTheRateLimitHoldsWithinTenPercent() {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.ok() }
        var settings = BatchUploader.Settings()
        settings.eventsPerSecond = 10_000
        let started = Date()
        let outcomes = upload(ids(20_000), transport: transport, settings: settings)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(outcomes.map(\.delivered).reduce(0, +), 20_000)
        // 20,000 events at 10,000/s with a 500-event burst: (20,000 - 500) / 10,000 = 1.95 s.
        let rate = 20_000 / elapsed
        XCTAssertLessThanOrEqual(rate, 11_000, "over the limit by more than 10%")
        XCTAssertGreaterThanOrEqual(rate, 9_000, "far under the limit")
    }

    func testConcurrencyIsBoundedAndUsed() {
        let transport = ScriptedTransport(delay: 0.02) { _, _ in ScriptedTransport.ok() }
        var settings = BatchUploader.Settings()
        settings.concurrency = 4
        let outcomes = upload(ids(3000), transport: transport, settings: settings, size: 100)
        XCTAssertEqual(outcomes.map(\.delivered).reduce(0, +), 3000)
        XCTAssertLessThanOrEqual(transport.maximumInFlight, 4)
        XCTAssertGreaterThan(transport.maximumInFlight, 1)
    }
}

/// Outcomes collected from the uploader's tasks.
final class OutcomeList: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [BatchOutcome] = []
    func append(_ outcome: BatchOutcome) { lock.withLock { outcomes.append(outcome) } }
    var sorted: [BatchOutcome] { lock.withLock { outcomes.sorted { $0.batch.sequence < $1.batch.sequence } } }
}
