import Foundation
import GRDB
import XCTest

@testable import RunLedger

final class LedgerSchemaTests: XCTestCase {
    private func identity(_ path: String) -> FileIdentity {
        FileIdentity(relativePath: path, size: 10, modificationNanoseconds: 1, fingerprint: "f")
    }

    private func integrity(_ ledger: Ledger) throws -> [String] {
        try ledger.pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    private func count(_ ledger: Ledger, _ sql: String) throws -> Int {
        try ledger.pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    // MARK: Migration from an older schema

    /// Writes a ledger as version 1 of the schema left it: only migration `v1`, one run, one file, one
    /// acknowledged range.
    private func writeVersion1Ledger(_ path: String, into writer: some DatabaseWriter) throws {
        try Ledger.migrator.migrate(writer, upTo: "v1")
        try writer.write { db in
            XCTAssertFalse(try db.columns(in: "files").map(\.name).contains("content_changes"))
            try db.execute(
                sql: """
                    INSERT INTO runs (id, command, started_at, ended_at, outcome, exit_code, shard, files_done,
                        files_failed, events_delivered, events_rejected, events_not_delivered)
                    VALUES (1, 'sync', '2024-02-25T00:00:00.000Z', '2024-02-25T00:05:00.000Z', 'partial', 3, '0/2',
                        1, 1, 7, 2, 1)
                    """)
            try db.execute(
                sql: """
                    INSERT INTO files (relative_path, size, mtime_ns, fingerprint, output_fingerprint, status,
                        events_produced, events_delivered, events_rejected, events_not_delivered, attempts, last_run,
                        started_at, finished_at, error)
                    VALUES ('src/1708819200000/a.gz', 1234, 1708819200123456789, '0123456789abcdef', 'out', 'done',
                        9, 7, 2, 0, 2, 1, '2024-02-25T00:00:01.000Z', '2024-02-25T00:01:00.000Z', NULL),
                        ('src/1708819200000/b.gz', 99, 5, 'fedcba9876543210', 'out', 'failed',
                        1, 0, 0, 1, 1, 1, '2024-02-25T00:02:00.000Z', '2024-02-25T00:03:00.000Z', 'HTTP 503')
                    """)
            try db.execute(
                sql: """
                    INSERT INTO acknowledged_ranges (relative_path, first_position, last_position, events)
                    VALUES ('src/1708819200000/b.gz', 65536, 131072, 2)
                    """)
        }
        XCTAssertEqual(try writer.read { db in try Ledger.migrator.appliedMigrations(db) }, ["v1"])
    }

    private func assertMigratedFromVersion1(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let ledger = try Ledger(path: path)
        XCTAssertEqual(try ledger.appliedMigrations(), ["v1", "v2"], file: file, line: line)
        let files = try ledger.files()
        XCTAssertEqual(files.count, 2, file: file, line: line)
        let a = try XCTUnwrap(files["src/1708819200000/a.gz"], file: file, line: line)
        XCTAssertEqual(
            a.identity,
            FileIdentity(
                relativePath: "src/1708819200000/a.gz", size: 1234, modificationNanoseconds: 1_708_819_200_123_456_789,
                fingerprint: "0123456789abcdef"), file: file, line: line)
        XCTAssertEqual(a.outputFingerprint, "out", file: file, line: line)
        XCTAssertEqual(a.status, .done, file: file, line: line)
        XCTAssertEqual(
            a.counts, FileCounts(eventsProduced: 9, eventsDelivered: 7, eventsRejected: 2), file: file, line: line)
        XCTAssertEqual(a.attempts, 2, file: file, line: line)
        XCTAssertEqual(a.contentChanges, 0, "the new column's default", file: file, line: line)
        XCTAssertEqual(a.startedAt, "2024-02-25T00:00:01.000Z", file: file, line: line)
        XCTAssertEqual(a.finishedAt, "2024-02-25T00:01:00.000Z", file: file, line: line)
        XCTAssertNil(a.error, file: file, line: line)
        let b = try XCTUnwrap(files["src/1708819200000/b.gz"], file: file, line: line)
        XCTAssertEqual(b.status, .failed, file: file, line: line)
        XCTAssertEqual(b.error, "HTTP 503", file: file, line: line)
        XCTAssertEqual(b.contentChanges, 0, file: file, line: line)

        let status = try ledger.status()
        XCTAssertEqual(status.schema, ["v1", "v2"], file: file, line: line)
        let run = try XCTUnwrap(status.lastRuns.first, file: file, line: line)
        XCTAssertEqual(status.lastRuns.count, 1, file: file, line: line)
        XCTAssertEqual(run.id, 1, file: file, line: line)
        XCTAssertEqual(run.shard, "0/2", file: file, line: line)
        XCTAssertEqual(run.outcome, "partial", file: file, line: line)
        XCTAssertEqual(run.exitCode, 3, file: file, line: line)
        XCTAssertEqual(
            run.counts,
            RunCounts(filesDone: 1, filesFailed: 1, eventsDelivered: 7, eventsRejected: 2, eventsNotDelivered: 1),
            file: file, line: line)

        let indexes = try ledger.pool.read { db in try db.indexes(on: "files") }
        let byStatus = try XCTUnwrap(indexes.first { $0.name == "files_by_status" }, file: file, line: line)
        XCTAssertEqual(byStatus.columns, ["status", "relative_path"], file: file, line: line)
        XCTAssertEqual(
            try ledger.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }, "wal", file: file,
            line: line)
        XCTAssertEqual(try integrity(ledger), ["ok"], file: file, line: line)

        // The migrated ledger works: the acknowledged range comes back, and a content change is counted.
        XCTAssertEqual(try ledger.startFile("src/1708819200000/b.gz"), [65536...131072], file: file, line: line)
        try ledger.plan(
            FileIdentity(
                relativePath: "src/1708819200000/a.gz", size: 1235, modificationNanoseconds: 2, fingerprint: "x"),
            outputFingerprint: "out", keepAcknowledgements: false, contentChanged: true, run: 1)
        XCTAssertEqual(try ledger.files()["src/1708819200000/a.gz"]?.contentChanges, 1, file: file, line: line)
    }

    func testAVersion1LedgerWrittenInRollbackJournalModeIsMigratedWithItsRowsIntact() throws {
        let path = try temporaryDirectory(self) + "/ledger.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            try writeVersion1Ledger(path, into: queue)
            try queue.close()
        }
        try assertMigratedFromVersion1(path)
        // Opening it again applies nothing more.
        XCTAssertEqual(try Ledger(path: path).appliedMigrations(), ["v1", "v2"])
    }

    func testAVersion1LedgerWrittenInWALModeIsMigratedWithItsRowsIntact() throws {
        let path = try temporaryDirectory(self) + "/ledger.sqlite"
        do {
            let pool = try DatabasePool(path: path)
            try writeVersion1Ledger(path, into: pool)
            try pool.close()
        }
        try assertMigratedFromVersion1(path)
    }

    // MARK: Torn writes

    /// Writes several transactions to an open ledger whose WAL is never checkpointed; the last one
    /// plans `last.gz`. Returns the ledger, still open.
    private func ledgerWithUncheckpointedTransactions(_ path: String) throws -> Ledger {
        let ledger = try Ledger(path: path)
        try ledger.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // Start from an empty WAL, so every transaction below is in it and nowhere else.
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let run = try ledger.beginRun(command: "sync", shard: nil)
        for index in 0..<5 {
            try ledger.plan(
                identity("f\(index).gz"), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false,
                run: run)
        }
        _ = try ledger.startFile("f0.gz")
        for batch in 0..<20 {
            let first = Int64(batch * 100 + 1) << 16
            ledger.acknowledge(.init(relativePath: "f0.gz", first: first, last: first + (99 << 16), events: 100))
            if batch % 5 == 4 { try ledger.flush() }
        }
        ledger.finishFile("f1.gz", status: .done, counts: FileCounts(eventsProduced: 4, eventsDelivered: 4), error: nil)
        try ledger.flush()
        try ledger.plan(
            identity("last.gz"), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false, run: run)
        return ledger
    }

    /// Every transaction before `last.gz` is there.
    private func assertEarlierTransactions(_ ledger: Ledger, file: StaticString = #filePath, line: UInt = #line) throws
    {
        XCTAssertEqual(try integrity(ledger), ["ok"], file: file, line: line)
        XCTAssertEqual(try count(ledger, "SELECT COUNT(*) FROM runs"), 1, file: file, line: line)
        let files = try ledger.files()
        for index in 0..<5 {
            XCTAssertNotNil(files["f\(index).gz"], "f\(index).gz", file: file, line: line)
        }
        XCTAssertEqual(files["f0.gz"]?.status, .inProgress, file: file, line: line)
        XCTAssertEqual(files["f0.gz"]?.attempts, 1, file: file, line: line)
        XCTAssertEqual(
            try count(ledger, "SELECT COUNT(*) FROM acknowledged_ranges WHERE relative_path = 'f0.gz'"), 20, file: file,
            line: line)
        XCTAssertEqual(files["f1.gz"]?.status, .done, file: file, line: line)
        XCTAssertEqual(files["f1.gz"]?.counts.eventsDelivered, 4, file: file, line: line)
        XCTAssertEqual(files["f2.gz"]?.status, .pending, file: file, line: line)
    }

    func testALedgerWhoseWALEndsInATornFrameOpensWithEveryEarlierTransaction() throws {
        let directory = try temporaryDirectory(self)
        let path = directory + "/ledger.sqlite"
        let ledger = try ledgerWithUncheckpointedTransactions(path)

        // Copies of the files as a crash would leave them: the main file and the WAL, no -shm.
        func copy(to name: String, walBytesCut: Int?) throws -> String {
            let target = directory + "/\(name)/ledger.sqlite"
            try FileManager.default.createDirectory(
                atPath: directory + "/\(name)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: path, toPath: target)
            if let walBytesCut {
                try FileManager.default.copyItem(atPath: path + "-wal", toPath: target + "-wal")
                let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: target + "-wal"))
                let size = try handle.seekToEnd()
                try handle.truncate(atOffset: size - UInt64(walBytesCut))
                try handle.close()
            }
            return target
        }
        let whole = try copy(to: "whole", walBytesCut: 0)
        let torn = try copy(to: "torn", walBytesCut: 100)
        let mainOnly = try copy(to: "main-only", walBytesCut: nil)
        let walSize = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
        let pageSize = try ledger.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size")! }
        XCTAssertGreaterThan(walSize, 32 + 10 * (24 + pageSize), "the WAL holds the transactions' frames")
        XCTAssertEqual((walSize - 32) % (24 + pageSize), 0, "the WAL ends on a frame boundary")
        withExtendedLifetime(ledger) {}

        // The control: the whole WAL has every transaction, the last included.
        let wholeLedger = try Ledger(path: whole)
        try assertEarlierTransactions(wholeLedger)
        XCTAssertNotNil(try wholeLedger.files()["last.gz"])

        // The main file alone has none of them: they really are in the WAL only.
        let mainOnlyLedger = try Ledger(path: mainOnly)
        XCTAssertEqual(try integrity(mainOnlyLedger), ["ok"])
        XCTAssertEqual(try mainOnlyLedger.files(), [:])

        // The torn copy opens, is sound, and lost only the torn (last) transaction.
        let tornLedger: Ledger
        do {
            tornLedger = try Ledger(path: torn)
        } catch {
            return XCTFail("a torn WAL must not stop the ledger from opening: \(error)")
        }
        try assertEarlierTransactions(tornLedger)
        XCTAssertNil(try tornLedger.files()["last.gz"], "the torn transaction is not committed")
        // And it takes new writes.
        try tornLedger.plan(
            identity("after.gz"), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false, run: 1)
        XCTAssertNotNil(try tornLedger.files()["after.gz"])
        XCTAssertEqual(try integrity(tornLedger), ["ok"])
    }

    func testAWALOfGarbageIsIgnoredAndTheMainFileOpens() throws {
        let path = try temporaryDirectory(self) + "/ledger.sqlite"
        do {
            let ledger = try Ledger(path: path)
            let run = try ledger.beginRun(command: "sync", shard: nil)
            try ledger.plan(
                identity("a.gz"), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false, run: run)
        }
        // Closed: everything is in the main file. Now a WAL of garbage appears beside it.
        try? FileManager.default.removeItem(atPath: path + "-shm")
        try Data(pseudoRandomBytes(3 * 4120 + 57, seed: 42)).write(to: URL(fileURLWithPath: path + "-wal"))
        let ledger = try Ledger(path: path)
        XCTAssertEqual(try integrity(ledger), ["ok"])
        XCTAssertEqual(try ledger.appliedMigrations(), ["v1", "v2"])
        XCTAssertEqual(try ledger.files()["a.gz"]?.status, .pending)
        XCTAssertEqual(try count(ledger, "SELECT COUNT(*) FROM runs"), 1)
        try ledger.plan(
            identity("b.gz"), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false, run: 1)
        XCTAssertEqual(try ledger.files().count, 2)
    }

    // MARK: Not a ledger

    func testAFileThatIsNotSQLiteIsUnusableWithAMessageNamingItAndIsLeftAlone() throws {
        let path = try temporaryDirectory(self) + "/ledger.sqlite"
        let content = Data(String(repeating: "this is not a database, it is a text file\n", count: 200).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        do {
            _ = try Ledger(path: path)
            XCTFail("a text file opened as a ledger")
        } catch {
            guard case .unusable(let message) = error else { return XCTFail("expected .unusable, got \(error)") }
            XCTAssertTrue(message.contains(path), message)
            XCTAssertEqual(error.description, message)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), content, "the file is not touched")
    }

    func testALedgerInAMissingDirectoryIsUnusableWithAMessageNamingIt() throws {
        let path = try temporaryDirectory(self) + "/missing/ledger.sqlite"
        do {
            _ = try Ledger(path: path)
            XCTFail("a ledger opened in a missing directory")
        } catch {
            guard case .unusable(let message) = error else { return XCTFail("expected .unusable, got \(error)") }
            XCTAssertTrue(message.contains(path), message)
        }
    }
}
