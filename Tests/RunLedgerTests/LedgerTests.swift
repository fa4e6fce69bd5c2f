import Foundation
import GRDB
import XCTest

@testable import RunLedger

final class LedgerTests: XCTestCase {
    private func temporaryLedger() throws -> String {
        let directory = NSTemporaryDirectory() + "ledger-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        return directory + "/ledger.sqlite"
    }

    private func identity(_ path: String, size: Int64 = 10, fingerprint: String = "f") -> FileIdentity {
        FileIdentity(relativePath: path, size: size, modificationNanoseconds: 1, fingerprint: fingerprint)
    }

    func testANewLedgerIsInWALModeWithEveryMigration() throws {
        let path = try temporaryLedger()
        let ledger = try Ledger(path: path)
        XCTAssertEqual(try ledger.appliedMigrations(), ["v1", "v2"])
        let mode = try ledger.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        XCTAssertEqual(mode, "wal")
    }

    func testAFileGoesFromPendingThroughInProgressToDoneWithItsCounts() throws {
        let ledger = try Ledger(path: try temporaryLedger())
        let run = try ledger.beginRun(command: "sync", shard: nil)
        try ledger.plan(
            identity("a.gz"), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false, run: run)
        XCTAssertEqual(try ledger.files()["a.gz"]?.status, .pending)
        XCTAssertEqual(try ledger.startFile("a.gz"), [])
        XCTAssertEqual(try ledger.files()["a.gz"]?.status, .inProgress)
        ledger.acknowledge(.init(relativePath: "a.gz", first: 1 << 16, last: 5 << 16, events: 5))
        ledger.finishFile(
            "a.gz", status: .done, counts: FileCounts(eventsProduced: 7, eventsDelivered: 5, eventsRejected: 2),
            error: nil)
        try ledger.flush()
        let record = try XCTUnwrap(try ledger.files()["a.gz"])
        XCTAssertEqual(record.status, .done)
        XCTAssertEqual(record.counts, FileCounts(eventsProduced: 7, eventsDelivered: 5, eventsRejected: 2))
        XCTAssertEqual(record.attempts, 1)
        // A done file's ranges are no longer needed.
        XCTAssertEqual(try ledger.startFile("a.gz"), [])
    }

    func testAcknowledgementsSurviveReopeningAndComeBackOnResume() throws {
        let path = try temporaryLedger()
        do {
            let ledger = try Ledger(path: path)
            let run = try ledger.beginRun(command: "sync", shard: "0/2")
            try ledger.plan(
                identity("a.gz"), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false, run: run)
            _ = try ledger.startFile("a.gz")
            for batch in 0..<50 {
                let first = Int64(batch * 100 + 1) << 16
                ledger.acknowledge(.init(relativePath: "a.gz", first: first, last: first + (99 << 16), events: 100))
            }
            try ledger.flush()
        }
        let ledger = try Ledger(path: path)
        let ranges = try ledger.startFile("a.gz")
        XCTAssertEqual(ranges.count, 50)
        XCTAssertEqual(try ledger.files()["a.gz"]?.attempts, 2)
        // Planning again with the same content keeps them; with other content drops them.
        try ledger.plan(
            identity("a.gz"), outputFingerprint: "o", keepAcknowledgements: true, contentChanged: false, run: 1)
        XCTAssertEqual(try ledger.startFile("a.gz").count, 50)
        try ledger.plan(
            identity("a.gz", size: 11), outputFingerprint: "o", keepAcknowledgements: false, contentChanged: true,
            run: 1)
        XCTAssertEqual(try ledger.startFile("a.gz"), [])
        XCTAssertEqual(try ledger.files()["a.gz"]?.contentChanges, 1)
    }

    func testStatusCountsFilesEventsRunsAndTheOldestPendingFile() throws {
        let ledger = try Ledger(path: try temporaryLedger())
        let run = try ledger.beginRun(command: "sync", shard: nil)
        for (index, name) in ["a.gz", "b.gz", "c.gz"].enumerated() {
            let id = FileIdentity(
                relativePath: name, size: 1, modificationNanoseconds: Int64(3 - index) * 1_000_000_000, fingerprint: "f"
            )
            try ledger.plan(id, outputFingerprint: "o", keepAcknowledgements: false, contentChanged: false, run: run)
        }
        ledger.finishFile("a.gz", status: .done, counts: FileCounts(eventsProduced: 3, eventsDelivered: 3), error: nil)
        ledger.finishFile(
            "b.gz", status: .failed, counts: FileCounts(eventsProduced: 2, eventsNotDelivered: 2), error: "x")
        try ledger.endRun(
            run, outcome: "partial", exitCode: 3, counts: RunCounts(filesDone: 1, filesFailed: 1, eventsDelivered: 3))
        let status = try ledger.status()
        XCTAssertEqual(status.files[.done], 1)
        XCTAssertEqual(status.files[.failed], 1)
        XCTAssertEqual(status.files[.pending], 1)
        XCTAssertEqual(status.files[.inProgress], 0)
        XCTAssertEqual(status.eventsDelivered, 3)
        XCTAssertEqual(status.eventsNotDelivered, 2)
        XCTAssertEqual(status.oldestPendingFile, "c.gz", "c.gz has the oldest modification time of the files not done")
        XCTAssertEqual(status.lastRuns.first?.outcome, "partial")
        XCTAssertEqual(status.lastRuns.first?.exitCode, 3)
        XCTAssertEqual(status.lastRuns.first?.counts.filesDone, 1)
    }
}
