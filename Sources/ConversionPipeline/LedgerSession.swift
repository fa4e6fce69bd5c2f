import Foundation
import RunLedger
import SegmentArchive

/// A run's use of the ledger: the lock, the run's row, the plan of which files to process, and the
/// per-file bookkeeping the pipeline reports to it.
///
/// Opening one takes the ledger's lock (a second run gets `LedgerError.locked` at once) and records the
/// run; `finish` records how it ended. Per-file calls come from the pipeline's writer thread
/// (`start`) and from the commit queue or the uploader's tasks (`finish(file:)`); the ledger queues
/// the writes that arrive at high rates.
public final class LedgerSession: @unchecked Sendable {
    public let ledger: Ledger
    /// Held from `init` to `finish` (nil once released, and for a preview).
    private var lock: LedgerLock?
    public let runID: Int64?
    /// Fingerprint of the mapping and of the options that change what is produced.
    public let outputFingerprint: String
    /// Process files that are done too (`--reprocess`).
    public let reprocess: Bool
    private let mutex = NSLock()
    private var counts = RunCounts()
    private var firstError: String?

    /// Opens the ledger at `path` for a run of `command`: takes the lock, migrates, records the run.
    public init(
        path: String, command: String, shard: ShardAssignment?, outputFingerprint: String, reprocess: Bool
    ) throws(LedgerError) {
        lock = try LedgerLock(ledgerPath: path)
        ledger = try Ledger(path: path)
        runID = try ledger.beginRun(command: command, shard: shard?.description)
        self.outputFingerprint = outputFingerprint
        self.reprocess = reprocess
    }

    /// Opens the ledger without taking the lock or recording a run, to preview a plan (`--dry-run`).
    public init(previewing path: String, outputFingerprint: String, reprocess: Bool) throws(LedgerError) {
        lock = nil
        ledger = try Ledger(path: path)
        runID = nil
        self.outputFingerprint = outputFingerprint
        self.reprocess = reprocess
    }

    /// The stable fingerprint of what changes a run's output (mapping file bytes, command, output
    /// options), as 16 hex digits.
    public static func outputFingerprint(_ parts: [String]) -> String {
        var hash = FNV1a()
        for part in parts {
            hash.add(String(part.utf8.count))
            hash.add(":")
            hash.add(part)
        }
        return hash.hex
    }

    /// One selected file and what the run does with it.
    public struct PlannedFile: Sendable {
        public var file: ArchiveFile
        public var decision: FileDecision
        var keepsAcknowledgements = false
        var identity: FileIdentity?
    }

    /// Decides what to do with each file. Reads every file's identity (two 4 KiB reads each). With
    /// `record`, writes the files to process to the ledger as pending.
    public func plan(_ files: [ArchiveFile], record: Bool) throws(LedgerError) -> [PlannedFile] {
        let known = try ledger.files()
        var planned: [PlannedFile] = []
        planned.reserveCapacity(files.count)
        for file in files {
            guard !file.isStandardInput,
                let identity = FileIdentity.of(path: file.path, relativePath: file.relativePath)
            else {
                // Unreadable now: the reader reports why; the ledger has nothing to compare.
                planned.append(PlannedFile(file: file, decision: .new, keepsAcknowledgements: false, identity: nil))
                continue
            }
            let entry = RunPlan.decide(
                identity, known: known[file.relativePath], outputFingerprint: outputFingerprint, reprocess: reprocess)
            planned.append(
                PlannedFile(
                    file: file, decision: entry.decision, keepsAcknowledgements: entry.keepsAcknowledgements,
                    identity: identity))
        }
        if record, let runID {
            for item in planned where item.decision.processes {
                guard let identity = item.identity else { continue }
                try ledger.plan(
                    identity, outputFingerprint: outputFingerprint, keepAcknowledgements: item.keepsAcknowledgements,
                    contentChanged: item.decision == .changed, run: runID)
            }
        }
        return planned
    }

    /// Marks a file in progress; returns the event positions earlier runs settled.
    func start(_ file: ArchiveFile) -> [ClosedRange<Int64>] {
        do {
            return try ledger.startFile(file.relativePath)
        } catch {
            note(error.description)
            return []
        }
    }

    /// Records a file's end: done, or failed with the reason.
    func finish(_ file: ArchiveFile, done: Bool, counts fileCounts: FileCounts, error: String?) {
        mutex.withLock {
            if done { counts.filesDone += 1 } else { counts.filesFailed += 1 }
            counts.eventsDelivered += fileCounts.eventsDelivered
            counts.eventsRejected += fileCounts.eventsRejected
            counts.eventsNotDelivered += fileCounts.eventsNotDelivered
        }
        ledger.finishFile(file.relativePath, status: done ? .done : .failed, counts: fileCounts, error: error)
    }

    /// Queues an acknowledged batch of a file.
    func acknowledge(_ file: ArchiveFile, first: Int64, last: Int64, events: Int) {
        ledger.acknowledge(.init(relativePath: file.relativePath, first: first, last: last, events: events))
    }

    /// Waits for the queued writes; the first ledger failure of the run, if any.
    public func settle() -> String? {
        do {
            try ledger.flush()
        } catch {
            note(error.description)
        }
        return mutex.withLock { firstError }
    }

    /// Records how the run ended (after `settle`) and releases the ledger's lock: the run is over even
    /// while upload tasks that are done still hold a reference to this session for a moment, and a next
    /// run in the same process must not find the ledger locked by its own process.
    public func finish(outcome: String, exitCode: Int32) {
        defer { mutex.withLock { lock = nil } }
        guard let runID else { return }
        let counts = mutex.withLock { self.counts }
        do {
            try ledger.endRun(runID, outcome: outcome, exitCode: exitCode, counts: counts)
        } catch {
            note(error.description)
        }
    }

    private func note(_ message: String) {
        mutex.withLock { if firstError == nil { firstError = message } }
    }
}
