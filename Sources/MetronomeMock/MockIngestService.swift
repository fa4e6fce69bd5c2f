import Foundation
import MetronomeEvents
import NIOConcurrencyHelpers
import SegmentJSON

/// The stand-in's logic, independent of SwiftNIO: routing, auth, body checks, faults, dedupe, the record
/// file and statistics. Thread-safe: requests are checked concurrently, and one lock covers what they
/// share (the fault generator, accepted IDs, the record file and the counters) for the short commit.
final class MockIngestService: @unchecked Sendable {
    let configuration: MockMetronomeConfiguration
    private let lock = NIOLock()
    private var acceptedIDs = TransactionIDSet()
    private var counters = MockMetronomeStatistics()
    private var generator: SplitMix64
    private let record: MockRecordFile?

    init(configuration: MockMetronomeConfiguration) throws(MockMetronomeError) {
        self.configuration = configuration
        generator = SplitMix64(seed: configuration.seed)
        if let path = configuration.recordPath {
            var ids = TransactionIDSet()
            try MockRecordFile.forEachTransactionID(inFileAt: path) { _ = ids.insert($0) }
            acceptedIDs = ids
            record = try MockRecordFile(path: path)
        } else {
            record = nil
        }
    }

    var statistics: MockMetronomeStatistics { lock.withLock { counters } }

    var acceptedTransactionIDs: Set<String> { lock.withLock { acceptedIDs.all } }

    /// Answers one complete request.
    func handle(_ request: MockIngestRequest) -> MockAction {
        note(userAgent: request.userAgent, contentEncoding: request.contentEncoding)
        let path = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path == "/v1/ingest" else {
            return finish(.message(404, "Not found: \(request.method) \(path) (the stand-in serves POST /v1/ingest)"))
        }
        guard request.method == "POST" else {
            return finish(.message(405, "Method not allowed: use POST", headers: [("Allow", "POST")]))
        }
        if let refusal = authenticate(request.authorization) { return finish(refusal) }
        switch request.contentEncoding?.lowercased() {
        case nil, "", "identity":
            return handleBody(request.body)
        case "gzip", "x-gzip":
            switch GzipRequestBody.inflate(request.body, limit: configuration.maximumBodyBytes) {
            case .success(let inflated):
                return inflated.withUnsafeBytes { handleBody($0) }
            case .failure(.tooLarge):
                return finish(tooLarge)
            case .failure(.invalid(let reason)):
                return finish(.message(400, "[the request body is not valid gzip: \(reason)]"))
            }
        case let other?:
            return finish(.message(415, "Unsupported Content-Encoding \(other); send identity or gzip"))
        }
    }

    /// Counts the headers tests check (`userAgents`, `gzipRequests`), whatever the answer will be.
    private func note(userAgent: String?, contentEncoding: String?) {
        let gzip = contentEncoding.map { ["gzip", "x-gzip"].contains($0.lowercased()) } ?? false
        let agent = userAgent ?? ""
        lock.withLock {
            if gzip { counters.gzipRequests += 1 }
            if counters.userAgents[agent] != nil
                || counters.userAgents.count < MockMetronomeStatistics.maximumUserAgents
            {
                counters.userAgents[agent, default: 0] += 1
            } else {
                counters.otherUserAgents += 1
            }
        }
    }

    /// The answer to a body larger than `maximumBodyBytes` (the handler discards such bodies unread).
    func refuseOversizedBody(userAgent: String?, contentEncoding: String?) -> MockAction {
        note(userAgent: userAgent, contentEncoding: contentEncoding)
        return finish(tooLarge)
    }

    private var tooLarge: MockResponse {
        .message(413, "Request body larger than \(configuration.maximumBodyBytes) bytes")
    }

    /// 401 without a usable bearer token, 403 with the wrong one, nil when the request may proceed.
    private func authenticate(_ header: String?) -> MockResponse? {
        guard let header else { return .message(401, "Unauthorized") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .message(401, "Unauthorized") }
        let presented = parts[1].trimmingCharacters(in: .whitespaces)
        guard !presented.isEmpty else { return .message(401, "Unauthorized") }
        if let token = configuration.token, !Self.constantTimeEqual(presented, token) {
            return .message(403, "Forbidden")
        }
        return nil
    }

    private func handleBody(_ body: UnsafeRawBufferPointer) -> MockAction {
        guard configuration.validate else { return commit(events: [], bytes: nil) }
        guard let base = body.baseAddress?.assumingMemoryBound(to: UInt8.self), !body.isEmpty else {
            return finish(.message(400, "[the request body is empty; expected a JSON array of events]"))
        }
        let bytes = JSONBytes(base: base, count: body.count)
        let now = configuration.nowMilliseconds ?? Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let check = IngestBatchCheck(
            rules: EventRules(nowMilliseconds: now, maximumAgeMilliseconds: configuration.maximumAgeMilliseconds))
        switch check.check(bytes) {
        case .success(let events):
            return commit(events: events, bytes: bytes)
        case .failure(let rejection):
            return finish(.message(400, rejection.message), refusedEvents: rejection.events)
        }
    }

    /// Draws a fault for a valid request and ingests what the outcome says, under the lock.
    private func commit(events: [IngestBatchCheck.Event], bytes: JSONBytes?) -> MockAction {
        lock.withLock {
            let fault =
                configuration.faults.isActive
                ? configuration.faults.draw(eventCount: events.count, using: &generator) : nil
            counters.requests += 1
            let action: MockAction
            switch fault {
            case .drop:
                counters.droppedConnections += 1
                return .drop
            case .fail:
                action = .respond(Self.internalError, delaySeconds: 0)
            case .failAfterPartial(let count):
                counters.partialIngests += 1
                if let failure = ingestLocked(events[0..<count], bytes) {
                    action = .respond(failure, delaySeconds: 0)
                } else {
                    action = .respond(Self.internalError, delaySeconds: 0)
                }
            case .throttle:
                let seconds = configuration.faults.retryAfterSeconds
                let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
                action = .respond(.message(429, "Too many requests", headers: [("Retry-After", text)]), delaySeconds: 0)
            case .slow:
                counters.slowResponses += 1
                let response = ingestLocked(events[...], bytes) ?? .accepted
                action = .respond(response, delaySeconds: configuration.faults.slowDelaySeconds)
            case nil:
                action = .respond(ingestLocked(events[...], bytes) ?? .accepted, delaySeconds: 0)
            }
            if case .respond(let response, _) = action { counters.responses[response.status, default: 0] += 1 }
            return action
        }
    }

    /// Accepts the events whose IDs are new and appends them to the record file; returns a 500 answer
    /// when the record file cannot be written (the events then stay unaccepted). Call under the lock.
    private func ingestLocked(_ events: ArraySlice<IngestBatchCheck.Event>, _ bytes: JSONBytes?) -> MockResponse? {
        var fresh: [String] = []
        var lines: [UInt8] = []
        for event in events {
            guard acceptedIDs.insert(event.transactionID) else {
                counters.duplicatesIgnored += 1
                continue
            }
            fresh.append(event.transactionID)
            if record != nil, let bytes {
                JSONOutput.appendValue(bytes, event.span, to: &lines)
                lines.append(0x0A)
            }
        }
        if let record, !lines.isEmpty, let reason = record.append(lines) {
            for id in fresh { acceptedIDs.remove(id) }
            return .message(500, "Internal server error (the stand-in could not write \(record.path): \(reason))")
        }
        counters.eventsAccepted += fresh.count
        return nil
    }

    /// Counts an answer decided before the commit step (routing, auth, body errors).
    private func finish(_ response: MockResponse, refusedEvents: Int = 0) -> MockAction {
        lock.withLock {
            counters.requests += 1
            counters.eventsRefused += refusedEvents
            counters.responses[response.status, default: 0] += 1
        }
        return .respond(response, delaySeconds: 0)
    }

    static let internalError = MockResponse.message(500, "Internal server error")

    /// Compares two tokens in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<min(x.count, y.count) { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
