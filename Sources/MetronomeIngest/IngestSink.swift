import Foundation
import MetronomeEvents
import SegmentJSON

/// The writer's second sink: Metronome events in, deliveries to `/v1/ingest` out, every event
/// accounted for in `IngestTotals` and every undelivered one written to the rejects file.
///
/// Each event is parsed and checked (`IngestEventCheck`) before batching, so no request is sent that
/// is known to fail; failures go to the rejects file with their source file and line. Events are
/// batched per input file, in order (`IngestBatcher`), and handed to a `BatchUploader`, whose
/// back-pressure blocks `add` when enough requests are in flight. `add`, `finishFile` and `close` are
/// called from one producer thread; outcomes arrive on the uploader's tasks. O(event bytes) per event;
/// allocates the batch storage and one `transaction_id` key per event.
public final class IngestSink: @unchecked Sendable {
    private let check: IngestEventCheck
    private let batchSize: Int
    private let sources: [String]
    private let rejects: StreamSink
    private var uploader: BatchUploader!
    private var batchers: [Int: IngestBatcher] = [:]
    private var parser = JSONLineParser()
    private var document = JSONDocument()
    private let lock = NSLock()
    private var totals = IngestTotals()
    private let onSettled: (@Sendable (BatchOutcome) -> Void)?

    /// `sources[i]` names input file `i` in rejects records. `onSettled`, if given, sees each batch's
    /// outcome after it is accounted (the ledger's hook).
    public init(
        transport: any IngestTransport, settings: BatchUploader.Settings, check: IngestEventCheck, batchSize: Int,
        sources: [String], rejects: StreamSink, onSettled: (@Sendable (BatchOutcome) -> Void)? = nil
    ) {
        self.check = check
        self.batchSize = max(1, min(100, batchSize))
        self.sources = sources
        self.rejects = rejects
        self.onSettled = onSettled
        self.uploader = BatchUploader(transport: transport, settings: settings) { [weak self] outcome in
            self?.settle(outcome)
        }
    }

    /// True once Metronome refused the token: producers should stop reading.
    public var isStopped: Bool { uploader.stopReason != nil }

    /// Checks one event (its JSON, no newline) produced from `line` of file `file`, and batches it.
    public func add(file: Int, line: Int, mapping: String?, event: UnsafeRawBufferPointer) {
        lock.withLock { totals.eventsSubmitted += 1 }
        let bytes = JSONBytes(base: event.baseAddress!.assumingMemoryBound(to: UInt8.self), count: event.count)
        let result: Result<IngestEventCheck.Accepted, EventRejection>
        var parsed = true
        do {
            try parser.parse(bytes, into: &document)
            result = check.check(bytes, document.root)
        } catch {
            parsed = false
            result = .failure(
                EventRejection(reason: "The event is not valid JSON: \(error.description)", category: "Not valid JSON.")
            )
        }
        switch result {
        case .failure(let rejection):
            var out: [UInt8] = []
            if parsed {
                RejectRecord.append(
                    source: sources[file], line: line, mapping: mapping, reason: rejection.reason, retriable: false,
                    event: event, to: &out)
            } else {
                // Not JSON: the record is the line as a string, so the rejects file stays valid NDJSON.
                RejectRecord.append(
                    source: sources[file], line: line, mapping: mapping, reason: rejection.reason, rawLine: event,
                    to: &out)
            }
            lock.withLock {
                totals.eventsRejected += 1
                totals.rejectedByReason[rejection.category, default: 0] += 1
                write(out)
            }
        case .success(let accepted):
            let key = IngestEventCheck.transactionID(bytes, accepted)
            var batcher = batchers.removeValue(forKey: file) ?? IngestBatcher(file: file, maximumEvents: batchSize)
            let closed = batcher.add(event, transactionID: key, origin: .init(file: file, line: line, mapping: mapping))
            batchers[file] = batcher
            for batch in closed { submit(batch) }
        }
    }

    /// Sends the file's last, partly filled batch.
    public func finishFile(_ file: Int) {
        guard var batcher = batchers.removeValue(forKey: file) else { return }
        if let batch = batcher.finish() { submit(batch) }
    }

    /// Sends what is left, waits for every request to settle, and returns the totals.
    public func close() -> IngestTotals {
        for file in batchers.keys.sorted() { finishFile(file) }
        uploader.finish()
        return lock.withLock {
            totals.stopReason = uploader.stopReason
            return totals
        }
    }

    private func submit(_ batch: IngestBatch) {
        lock.withLock { totals.batches += 1 }
        uploader.submit(batch)
    }

    /// Accounts a settled batch (uploader tasks).
    private func settle(_ outcome: BatchOutcome) {
        var out: [UInt8] = []
        for failure in outcome.failures {
            let origin = outcome.batch.origins[failure.index]
            outcome.batch.event(failure.index).withUnsafeBytes { event in
                RejectRecord.append(
                    source: sources[origin.file], line: origin.line, mapping: origin.mapping, reason: failure.reason,
                    retriable: failure.retriable, event: event, to: &out)
            }
        }
        lock.withLock {
            totals.eventsDelivered += outcome.delivered
            totals.requests += outcome.requests
            totals.retries += outcome.retries
            totals.splits += outcome.splits
            for failure in outcome.failures {
                if failure.retriable { totals.eventsNotDelivered += 1 } else { totals.eventsRejected += 1 }
                totals.rejectedByReason[failure.category, default: 0] += 1
            }
            write(out)
        }
        onSettled?(outcome)
    }

    /// Writes rejects lines (lock held).
    private func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        do {
            try bytes.withUnsafeBytes { try rejects.write($0) }
        } catch {
            if totals.rejectsWriteError == nil { totals.rejectsWriteError = "\(error)" }
        }
    }
}
