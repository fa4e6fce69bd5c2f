import Dispatch
import Foundation

/// Sends batches to Metronome with bounded concurrency, an optional rate limit, retries and 400
/// isolation, and reports every event's fate through `onOutcome`.
///
/// `submit` is called from a plain thread (the pipeline's writer) and blocks while `concurrency`
/// batches are in flight: that is the back-pressure that keeps memory bounded from the sink back to
/// the reader. The first batch is sent alone, so a refused token stops the run after one request.
/// After a refusal (401/403) nothing more is sent; every event submitted after it is reported as not
/// sent (retriable), so delivered + failed always equals submitted.
public final class BatchUploader: @unchecked Sendable {
    /// How the uploader sends.
    public struct Settings: Sendable {
        /// Requests in flight at once (`--concurrency`).
        public var concurrency = 8
        public var retryPolicy = RetryPolicy()
        /// Events per second across all requests (`--rate-limit`); nil for no limit.
        public var eventsPerSecond: Double?

        public init() {}
    }

    private let transport: any IngestTransport
    private let settings: Settings
    private let bucket: TokenBucket?
    private let onOutcome: @Sendable (BatchOutcome) -> Void
    private let slots: DispatchSemaphore
    private let inFlight = DispatchGroup()
    private let lock = NSLock()
    private var stopped: String?
    private var probed = false
    private var generator = SystemRandomNumberGenerator()

    /// `onOutcome` is called once per submitted batch, from any thread, when the batch is settled.
    public init(
        transport: any IngestTransport, settings: Settings, onOutcome: @escaping @Sendable (BatchOutcome) -> Void
    ) {
        self.transport = transport
        self.settings = settings
        self.onOutcome = onOutcome
        self.slots = DispatchSemaphore(value: max(1, settings.concurrency))
        // A burst of a twentieth of a second (at least one full batch) keeps the rate within a few
        // percent over any window of a second or more.
        self.bucket = settings.eventsPerSecond.map { TokenBucket(rate: $0, burst: max(100, $0 / 20)) }
    }

    /// Why the run stopped (Metronome refused the token), or nil.
    public var stopReason: String? {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Starts sending `batch`; blocks while the concurrency limit is reached (and, for the first batch,
    /// until it is settled). Never call from a Swift concurrency task.
    public func submit(_ batch: IngestBatch) {
        if let reason = stopReason {
            var outcome = BatchOutcome(batch: batch)
            outcome.fail(
                0..<batch.count, reason: Self.notSentReason(reason), category: Self.notSentCategory, retriable: true)
            onOutcome(outcome)
            return
        }
        slots.wait()
        inFlight.enter()
        lock.lock()
        let isProbe = !probed
        probed = true
        lock.unlock()
        let settled = isProbe ? DispatchSemaphore(value: 0) : nil
        Task { [self] in
            var outcome = BatchOutcome(batch: batch)
            await send(batch, 0..<batch.count, into: &outcome)
            onOutcome(outcome)
            slots.signal()
            inFlight.leave()
            settled?.signal()
        }
        settled?.wait()
    }

    /// Waits until every submitted batch is settled.
    public func finish() {
        inFlight.wait()
    }

    /// Sends events `range` of `batch` until they are delivered, rejected, or retries run out.
    private func send(_ batch: IngestBatch, _ range: Range<Int>, into outcome: inout BatchOutcome) async {
        var retry = 0
        while true {
            if let reason = stopReason {
                outcome.fail(range, reason: Self.notSentReason(reason), category: Self.notSentCategory, retriable: true)
                return
            }
            if let bucket {
                let wait = bucket.reserve(range.count)
                if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
            }
            outcome.requests += 1
            let response = await transport.send(batch.requestBody(range))
            switch RetryLogic.status(of: response) {
            case .delivered:
                outcome.delivered += range.count
                return
            case .retriable(let reason, let serverDelay):
                if let wait = settings.retryPolicy.delay(beforeRetry: retry, serverDelay: serverDelay, random: random())
                {
                    retry += 1
                    outcome.retries += 1
                    try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                    continue
                }
                outcome.fail(
                    range,
                    reason:
                        "not delivered after \(retry + 1) attempt\(retry == 0 ? "" : "s") (last: \(reason)); sending it again is safe, Metronome dedupes on transaction_id",
                    category: Self.exhaustedCategory, retriable: true)
                return
            case .rejected(let reason, let isolatable):
                if isolatable && range.count > 1 {
                    // One bad event fails the whole request and the answer does not say which: halve
                    // until each bad event is alone (O(bad * log(batch)) extra requests).
                    outcome.splits += 1
                    let middle = range.lowerBound + range.count / 2
                    await send(batch, range.lowerBound..<middle, into: &outcome)
                    await send(batch, middle..<range.upperBound, into: &outcome)
                    return
                }
                if isolatable {
                    outcome.fail(
                        range, reason: "Metronome rejected the event: \(reason)",
                        category: "Metronome rejected the event (HTTP 400).", retriable: false)
                } else {
                    outcome.fail(
                        range, reason: "Metronome rejected the request holding this event: \(reason)",
                        category: "Metronome rejected the request (\(Self.statusWord(reason))).", retriable: false)
                }
                return
            case .fatal(let reason):
                stop(reason)
                outcome.fail(range, reason: Self.notSentReason(reason), category: Self.notSentCategory, retriable: true)
                return
            }
        }
    }

    private func stop(_ reason: String) {
        lock.withLock { if stopped == nil { stopped = reason } }
    }

    private func random() -> Double {
        lock.lock()
        defer { lock.unlock() }
        return Double.random(in: 0..<1, using: &generator)
    }

    static let notSentCategory = "Not sent: Metronome refused the API token (retriable)."
    static let exhaustedCategory = "Not delivered: retries used up (retriable)."

    static func notSentReason(_ reason: String) -> String {
        "not sent: the run stopped because \(reason); fix the token and run again"
    }

    /// `HTTP 422` from `HTTP 422: message`.
    static func statusWord(_ reason: String) -> String {
        guard let colon = reason.firstIndex(of: ":") else { return reason }
        return String(reason[..<colon])
    }
}
