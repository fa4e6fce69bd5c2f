import Foundation
import GRDB

/// The SQLite ledger of scheduled runs: which files are done, which event ranges Metronome
/// acknowledged, and one row per run.
///
/// Opening it creates the file if needed, puts it in WAL mode and applies any pending migration
/// (`Ledger+Schema`). Reads and writes are synchronous except acknowledgements, which are queued and
/// written in coalesced transactions by a serial queue (`acknowledge`), because they arrive from the
/// uploader's tasks at up to a few thousand per second; `finishFile` goes through the same queue, so a
/// file is never marked done before its acknowledgements are written. WAL with `synchronous=NORMAL`
/// keeps every committed transaction across a killed process; only a power loss can drop the last ones,
/// and then the batches they recorded are sent again and Metronome ignores them as duplicates.
public final class Ledger: @unchecked Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    private let writer = DispatchQueue(label: "segment-metronome.ledger")
    private let lock = NSLock()
    private var pendingAcknowledgements: [Acknowledgement] = []
    private var flushScheduled = false
    private var firstWriteError: String?
    /// Failure injection for the crash tests: with `SEGMENT_METRONOME_TEST_KILL_IN_LEDGER_WRITE=N` in
    /// the environment, the process kills itself with SIGKILL inside its N-th queued ledger transaction,
    /// after its statements and before its commit. Never set it outside tests.
    private let killInWrite = ProcessInfo.processInfo.environment["SEGMENT_METRONOME_TEST_KILL_IN_LEDGER_WRITE"]
        .flatMap { Int($0) }
    private var queuedWrites = 0

    /// One acknowledged batch: positions `first...last` of a file settled (delivered or refused for
    /// good), `events` of them.
    public struct Acknowledgement: Sendable, Equatable {
        public var relativePath: String
        public var first: Int64
        public var last: Int64
        public var events: Int

        public init(relativePath: String, first: Int64, last: Int64, events: Int) {
            self.relativePath = relativePath
            self.first = first
            self.last = last
            self.events = events
        }
    }

    /// Opens (creating it when missing) and migrates the ledger at `path`.
    public init(path: String) throws(LedgerError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // NORMAL is durable against a killed process in WAL mode and much faster than FULL.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw LedgerError.unusable("cannot open the ledger \(path): \(Self.describe(error))")
        }
    }

    /// The schema versions applied to this ledger, oldest first (`v1`, `v2`, ...).
    public func appliedMigrations() throws(LedgerError) -> [String] {
        try read { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: Runs

    /// Records the start of a run; returns its id.
    public func beginRun(command: String, shard: String?, at date: Date = Date()) throws(LedgerError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO runs (command, started_at, shard) VALUES (?, ?, ?)",
                arguments: [command, Self.timestamp(date), shard])
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended, after every queued write is done.
    public func endRun(
        _ id: Int64, outcome: String, exitCode: Int32, counts: RunCounts, at date: Date = Date()
    )
        throws(LedgerError)
    {
        try flush()
        try write { db in
            try db.execute(
                sql: """
                    UPDATE runs SET ended_at = ?, outcome = ?, exit_code = ?, files_done = ?, files_failed = ?,
                        events_delivered = ?, events_rejected = ?, events_not_delivered = ?
                    WHERE id = ?
                    """,
                arguments: [
                    Self.timestamp(date), outcome, Int(exitCode), counts.filesDone, counts.filesFailed,
                    counts.eventsDelivered, counts.eventsRejected, counts.eventsNotDelivered, id,
                ])
        }
    }

    // MARK: Files

    /// Every file the ledger knows, by relative path.
    public func files() throws(LedgerError) -> [String: FileRecord] {
        try read { db in
            var out: [String: FileRecord] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM files") {
                let record = FileRecord(row: row)
                out[record.identity.relativePath] = record
            }
            return out
        }
    }

    /// Records that a run will process `identity` (status pending), keeping its acknowledged ranges
    /// only when `keepAcknowledgements` (same content and output as before: a resume).
    public func plan(
        _ identity: FileIdentity, outputFingerprint: String, keepAcknowledgements: Bool, contentChanged: Bool,
        run: Int64
    ) throws(LedgerError) {
        try write { db in
            if !keepAcknowledgements {
                try db.execute(
                    sql: "DELETE FROM acknowledged_ranges WHERE relative_path = ?", arguments: [identity.relativePath])
            }
            try db.execute(
                sql: """
                    INSERT INTO files (relative_path, size, mtime_ns, fingerprint, output_fingerprint, status, last_run)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?)
                    ON CONFLICT (relative_path) DO UPDATE SET
                        size = excluded.size, mtime_ns = excluded.mtime_ns, fingerprint = excluded.fingerprint,
                        output_fingerprint = excluded.output_fingerprint, status = 'pending',
                        last_run = excluded.last_run, error = NULL,
                        content_changes = content_changes + ?
                    """,
                arguments: [
                    identity.relativePath, identity.size, identity.modificationNanoseconds, identity.fingerprint,
                    outputFingerprint, run, contentChanged ? 1 : 0,
                ])
        }
    }

    /// Marks a file in progress and returns the event position ranges earlier runs settled, unsorted.
    public func startFile(_ relativePath: String, at date: Date = Date()) throws(LedgerError) -> [ClosedRange<Int64>] {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE files SET status = 'in_progress', attempts = attempts + 1, started_at = ?, finished_at = NULL
                    WHERE relative_path = ?
                    """,
                arguments: [Self.timestamp(date), relativePath])
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT first_position, last_position FROM acknowledged_ranges WHERE relative_path = ?",
                arguments: [relativePath])
            return rows.map { ($0[0] as Int64)...($0[1] as Int64) }
        }
    }

    /// Queues an acknowledged batch; it is written shortly after in one transaction with the others
    /// that arrived meanwhile. Never blocks on the database.
    public func acknowledge(_ acknowledgement: Acknowledgement) {
        let schedule = lock.withLock {
            pendingAcknowledgements.append(acknowledgement)
            defer { flushScheduled = true }
            return !flushScheduled
        }
        if schedule { writer.async { self.writePendingAcknowledgements() } }
    }

    /// Queues a file's final status and counts, after its acknowledgements. A file done has its
    /// acknowledged ranges removed (they are no longer needed).
    public func finishFile(_ relativePath: String, status: FileStatus, counts: FileCounts, error: String?) {
        writer.async {
            self.writePendingAcknowledgements()
            self.recordFailure {
                try self.pool.write { db in
                    try db.execute(
                        sql: """
                            UPDATE files SET status = ?, finished_at = ?, error = ?, events_produced = ?,
                                events_delivered = ?, events_rejected = ?, events_not_delivered = ?
                            WHERE relative_path = ?
                            """,
                        arguments: [
                            status.rawValue, Self.timestamp(Date()), error, counts.eventsProduced,
                            counts.eventsDelivered, counts.eventsRejected, counts.eventsNotDelivered, relativePath,
                        ])
                    if status == .done {
                        try db.execute(
                            sql: "DELETE FROM acknowledged_ranges WHERE relative_path = ?", arguments: [relativePath])
                    }
                    self.injectKillIfAsked()
                }
            }
        }
    }

    /// Waits for every queued write; throws the first one that failed.
    public func flush() throws(LedgerError) {
        writer.sync {}
        if let message = lock.withLock({ firstWriteError }) {
            throw LedgerError.unusable("cannot write the ledger \(path): \(message)")
        }
    }

    private func writePendingAcknowledgements() {
        let batch = lock.withLock {
            defer {
                pendingAcknowledgements.removeAll(keepingCapacity: true)
                flushScheduled = false
            }
            return pendingAcknowledgements
        }
        guard !batch.isEmpty else { return }
        recordFailure {
            try pool.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT OR REPLACE INTO acknowledged_ranges (relative_path, first_position, last_position, events)
                        VALUES (?, ?, ?, ?)
                        """)
                for item in batch {
                    try statement.execute(arguments: [item.relativePath, item.first, item.last, item.events])
                }
                self.injectKillIfAsked()
            }
        }
    }

    /// Runs on the writer queue only.
    private func injectKillIfAsked() {
        guard let killInWrite else { return }
        queuedWrites += 1
        if queuedWrites == killInWrite { kill(getpid(), SIGKILL) }
    }

    private func recordFailure(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            let message = Self.describe(error)
            lock.withLock { if firstWriteError == nil { firstWriteError = message } }
        }
    }

    // MARK: Helpers

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw LedgerError.unusable("cannot read the ledger \(path): \(Self.describe(error))")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw LedgerError.unusable("cannot write the ledger \(path): \(Self.describe(error))")
        }
    }

    /// UTC, millisecond precision, sortable as text (`2026-11-28T19:30:00.000Z`).
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
