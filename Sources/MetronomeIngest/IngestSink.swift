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
    private let maximumRejectRecordBytes: Int
    private var uploader: BatchUploader!
    private var batchers: [Int: IngestBatcher] = [:]
    private var parser = JSONLineParser()
    private var document = JSONDocument()
    private let lock = NSLock()
    private var totals = IngestTotals()
    /// Per-file progress (lock held), for `FileSettlement`s.
    private var progress: [Int: FileProgress] = [:]
    /// Positions settled by earlier runs, per file being resumed (producer thread only).
    private var resumed: [Int: SettledRanges] = [:]
    private let onAcknowledged: (@Sendable (_ file: Int, _ first: Int64, _ last: Int64, _ events: Int) -> Void)?
    private let onFileSettled: (@Sendable (FileSettlement) -> Void)?

    /// `sources[i]` names input file `i` in rejects records. For a ledger: `onAcknowledged` hears of
    /// each batch that settled for good (every event delivered or refused, none retriable), with its
    /// first and last positions; `onFileSettled` hears once per file, after `finishFile`, when its last
    /// batch settled. Both are called from the uploader's tasks.
    public init(
        transport: any IngestTransport, settings: BatchUploader.Settings, check: IngestEventCheck, batchSize: Int,
        sources: [String], rejects: StreamSink,
        maximumRejectRecordBytes: Int = RejectRecord.defaultMaximumRecordBytes,
        onAcknowledged: (@Sendable (_ file: Int, _ first: Int64, _ last: Int64, _ events: Int) -> Void)? = nil,
        onFileSettled: (@Sendable (FileSettlement) -> Void)? = nil
    ) {
        self.check = check
        self.batchSize = max(1, min(100, batchSize))
        self.sources = sources
        self.rejects = rejects
        self.maximumRejectRecordBytes = maximumRejectRecordBytes
        self.onAcknowledged = onAcknowledged
        self.onFileSettled = onFileSettled
        self.uploader = BatchUploader(transport: transport, settings: settings) { [weak self] outcome in
            self?.settle(outcome)
        }
    }

    /// Skips, in `file`, the events at positions earlier runs settled (call before its first `add`).
    public func resume(file: Int, settled: SettledRanges) {
        if !settled.isEmpty { resumed[file] = settled }
    }

    /// True once Metronome refused the token: producers should stop reading.
    public var isStopped: Bool { uploader.stopReason != nil }

    /// Checks one event (its JSON, no newline) produced from `line` of file `file`, and batches it;
    /// `position` (`SettledRanges.position`, default the line's first) identifies it for the ledger.
    public func add(file: Int, line: Int, position: Int64? = nil, mapping: String?, event: UnsafeRawBufferPointer) {
        let position = position ?? Int64(line) << 16
        if resumed[file]?.contains(position) == true {
            lock.withLock {
                totals.eventsSubmitted += 1
                totals.eventsAlreadySettled += 1
                progress[file, default: FileProgress()].counts.alreadySettled += 1
            }
            return
        }
        lock.withLock {
            totals.eventsSubmitted += 1
            progress[file, default: FileProgress()].counts.produced += 1
        }
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
                    event: event, maximumRecordBytes: maximumRejectRecordBytes, to: &out)
            } else {
                // Not JSON: the record is the line as a string, so the rejects file stays valid NDJSON.
                RejectRecord.append(
                    source: sources[file], line: line, mapping: mapping, reason: rejection.reason, rawLine: event,
                    maximumRecordBytes: maximumRejectRecordBytes, to: &out)
            }
            lock.withLock {
                totals.eventsRejected += 1
                totals.rejectedByReason[rejection.category, default: 0] += 1
                progress[file, default: FileProgress()].counts.rejected += 1
                write(out)
            }
        case .success(let accepted):
            let key = IngestEventCheck.transactionID(bytes, accepted)
            var batcher = batchers.removeValue(forKey: file) ?? IngestBatcher(file: file, maximumEvents: batchSize)
            let closed = batcher.add(
                event, transactionID: key, origin: .init(file: file, line: line, mapping: mapping, position: position))
            batchers[file] = batcher
            for batch in closed { submit(batch) }
        }
    }

    /// Sends the file's last, partly filled batch; the file settles when its last batch does.
    public func finishFile(_ file: Int) {
        resumed[file] = nil
        if var batcher = batchers.removeValue(forKey: file), let batch = batcher.finish() { submit(batch) }
        let settled: FileSettlement? = lock.withLock {
            progress[file, default: FileProgress()].finished = true
            return takeSettlementIfComplete(file)
        }
        if let settled { onFileSettled?(settled) }
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
        lock.withLock {
            totals.batches += 1
            progress[batch.file, default: FileProgress()].batchesOutstanding += 1
        }
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
                    retriable: failure.retriable, event: event, maximumRecordBytes: maximumRejectRecordBytes, to: &out)
            }
        }
        lock.withLock {
            totals.eventsDelivered += outcome.delivered
            totals.requests += outcome.requests
            totals.retries += outcome.retries
            totals.splits += outcome.splits
            var file = progress[outcome.batch.file, default: FileProgress()]
            file.batchesOutstanding -= 1
            file.counts.delivered += outcome.delivered
            for failure in outcome.failures {
                if failure.retriable {
                    totals.eventsNotDelivered += 1
                    file.counts.notDelivered += 1
                } else {
                    totals.eventsRejected += 1
                    file.counts.rejected += 1
                }
                totals.rejectedByReason[failure.category, default: 0] += 1
            }
            progress[outcome.batch.file] = file
            write(out)
        }
        // Acknowledge only a batch settled for good: one with a retriable failure is sent again whole by
        // the next run (Metronome ignores the events it already has).
        let batch = outcome.batch
        if let onAcknowledged, !batch.isEmpty, !outcome.failures.contains(where: \.retriable) {
            onAcknowledged(batch.file, batch.origins[0].position, batch.origins[batch.count - 1].position, batch.count)
        }
        if let settled = lock.withLock({ takeSettlementIfComplete(outcome.batch.file) }) { onFileSettled?(settled) }
    }

    /// The file's settlement once it is finished and has no batch in flight (lock held); removes it.
    private func takeSettlementIfComplete(_ file: Int) -> FileSettlement? {
        guard let state = progress[file], state.finished, state.batchesOutstanding == 0 else { return nil }
        progress[file] = nil
        return FileSettlement(file: file, counts: state.counts)
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
