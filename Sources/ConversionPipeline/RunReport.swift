import Logging
import MetronomeEvents
import MetronomeIngest
import RunLedger
import SegmentArchive
import SegmentJSON

/// The counts of one run: what was read, written, skipped and rejected, and why.
public struct RunReport: Sendable {
    public var filesRead = 0
    public var filesFailed = 0
    public var skippedPaths: [String] = []
    public var linesRead = 0
    public var blankLines = 0
    public var bytesRead: Int64 = 0
    public var compressedBytesRead: Int64 = 0
    public var eventsWritten = 0
    public var eventsSkipped = 0
    public var eventsRejected = 0
    public var rejectedByReason: [String: Int] = [:]
    public var failures: [(file: String, failure: ArchiveReadFailure)] = []
    public var elapsedSeconds: Double = 0
    public var rejectsPath = ""
    /// Files never started because the run stopped early (Metronome refused the token).
    public var filesNotStarted = 0
    /// True when the HTTP sink's counts do not add up: a bug, reported loudly (exit code 70).
    public var accountingError = false
    /// The HTTP sink's counts (`sync`, `upload`); nil when writing files.
    public var delivery: IngestTotals?
    /// Discovered files left to other shards (`--shard`) and outside `--since`/`--until`.
    public var filesOtherShards = 0
    public var filesOutsideWindow = 0
    /// The ledger's decisions (`--ledger`); nil without a ledger.
    public var ledger: LedgerRunSummary?

    /// Adds the HTTP sink's totals: its rejected and undelivered events are rejects-file lines too.
    mutating func add(_ totals: IngestTotals) {
        delivery = totals
        eventsRejected += totals.eventsRejected + totals.eventsNotDelivered
        for (category, count) in totals.rejectedByReason { rejectedByReason[category, default: 0] += count }
    }

    public init() {}

    /// The accounting check of a run with the HTTP sink: nil when every event produced was handed to the
    /// sink and each ended delivered, rejected, not delivered or already settled; otherwise what does
    /// not add up. Always nil when writing files.
    var deliveryAccountingProblem: String? {
        guard let delivery else { return nil }
        if delivery.isBalanced && delivery.eventsSubmitted == eventsWritten { return nil }
        let settled =
            delivery.eventsDelivered + delivery.eventsRejected + delivery.eventsNotDelivered
            + delivery.eventsAlreadySettled
        return
            "\(eventsWritten) events produced but \(delivery.eventsSubmitted) submitted, delivered + rejected + not delivered + already settled = \(settled)"
    }

    /// Runs the accounting check; when it fails, logs it loudly and sets `accountingError` (exit code 70).
    mutating func checkDeliveryAccounting(logger: Logger) {
        guard let problem = deliveryAccountingProblem else { return }
        logger.critical("accounting error: \(problem); this is a bug, please report it")
        accountingError = true
    }

    mutating func addRejection(category: String, count: Int = 1) {
        eventsRejected += count
        rejectedByReason[category, default: 0] += count
    }

    /// Writes the JSON report to `path`; a failure is logged, not fatal (the summary still tells).
    func write(to path: String, logger: Logger) {
        var text: [UInt8] = []
        JSONOutput.append(json, to: &text)
        text.append(0x0A)
        do {
            let sink = try StreamSink.file(path)
            try text.withUnsafeBytes { try sink.write($0) }
        } catch {
            logger.error("cannot write the report: \(error)")
        }
    }

    /// The report as JSON, keys in a fixed order, reasons sorted by count (then text).
    public var json: JSONValue {
        var object = JSONObject()
        object["files_read"] = .number(JSONNumber(Double(filesRead)))
        object["files_failed"] = .number(JSONNumber(Double(filesFailed)))
        object["files_skipped"] = .number(JSONNumber(Double(skippedPaths.count)))
        object["lines_read"] = .number(JSONNumber(Double(linesRead)))
        object["blank_lines"] = .number(JSONNumber(Double(blankLines)))
        object["bytes_read"] = .number(JSONNumber(Double(bytesRead)))
        object["compressed_bytes_read"] = .number(JSONNumber(Double(compressedBytesRead)))
        object["events_written"] = .number(JSONNumber(Double(eventsWritten)))
        object["events_skipped"] = .number(JSONNumber(Double(eventsSkipped)))
        object["events_rejected"] = .number(JSONNumber(Double(eventsRejected)))
        var reasons = JSONObject()
        for (reason, count) in sortedReasons { reasons[reason] = .number(JSONNumber(Double(count))) }
        object["rejected_by_reason"] = .object(reasons)
        object["failures"] = .array(
            failures.map { entry in
                .object(
                    JSONObject([
                        ("file", .string(entry.file)), ("kind", .string(entry.failure.kind.rawValue)),
                        ("message", .string(entry.failure.message)),
                        ("offset", .number(JSONNumber(Double(entry.failure.offset)))),
                    ]))
            })
        object["skipped_files"] = .array(skippedPaths.map { .string($0) })
        if let delivery {
            var upload = JSONObject()
            upload["events_submitted"] = .number(JSONNumber(Double(delivery.eventsSubmitted)))
            upload["events_delivered"] = .number(JSONNumber(Double(delivery.eventsDelivered)))
            upload["events_rejected"] = .number(JSONNumber(Double(delivery.eventsRejected)))
            upload["events_not_delivered"] = .number(JSONNumber(Double(delivery.eventsNotDelivered)))
            upload["batches"] = .number(JSONNumber(Double(delivery.batches)))
            upload["requests"] = .number(JSONNumber(Double(delivery.requests)))
            upload["retries"] = .number(JSONNumber(Double(delivery.retries)))
            upload["splits"] = .number(JSONNumber(Double(delivery.splits)))
            upload["balanced"] = delivery.isBalanced ? .bool(true) : .bool(false)
            upload["stopped"] = delivery.stopReason.map { .string($0) } ?? .null
            upload["files_not_started"] = .number(JSONNumber(Double(filesNotStarted)))
            object["upload"] = .object(upload)
        }
        if filesOtherShards > 0 { object["files_other_shards"] = .number(JSONNumber(Double(filesOtherShards))) }
        if filesOutsideWindow > 0 {
            object["files_outside_window"] = .number(JSONNumber(Double(filesOutsideWindow)))
        }
        if let ledger {
            var entry = JSONObject()
            entry["path"] = .string(ledger.path)
            for decision in [FileDecision.new, .changed, .resume, .retry, .reprocess, .skipDone, .skipOtherOutput] {
                entry["files_" + decision.label.replacingOccurrences(of: "-", with: "_")] = .number(
                    JSONNumber(Double(ledger.count(decision))))
            }
            entry["changed_files"] = .array(ledger.changedFiles.map { .string($0) })
            entry["events_already_settled"] = .number(JSONNumber(Double(ledger.eventsAlreadySettled)))
            entry["error"] = ledger.error.map { .string($0) } ?? .null
            object["ledger"] = .object(entry)
        }
        object["rejects_file"] = .string(rejectsPath)
        object["elapsed_seconds"] = .number(JSONNumber((elapsedSeconds * 1000).rounded() / 1000))
        return .object(object)
    }

    public var sortedReasons: [(String, Int)] {
        rejectedByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }
}
