import GRDB
import XCTest

@testable import RunLedger

final class RunPlanTests: XCTestCase {
    private let current = FileIdentity(
        relativePath: "src/1708819200000/a.gz", size: 1_000, modificationNanoseconds: 1_708_819_200_123_456_789,
        fingerprint: "0123456789abcdef")

    /// What the ledger remembers: `current` unless changed, with `status` and output `o1`.
    private func known(
        _ status: FileStatus, output: String = "o1", size: Int64? = nil, modified: Int64? = nil,
        fingerprint: String? = nil
    ) -> FileRecord {
        FileRecord(
            row: Row([
                "relative_path": current.relativePath, "size": size ?? current.size,
                "mtime_ns": modified ?? current.modificationNanoseconds,
                "fingerprint": fingerprint ?? current.fingerprint, "output_fingerprint": output,
                "status": status.rawValue, "events_produced": 3, "events_delivered": 2, "events_rejected": 1,
                "events_not_delivered": 0, "attempts": 1, "content_changes": 0, "error": nil,
                "started_at": "2024-02-25T00:00:00.000Z", "finished_at": nil,
            ]))
    }

    private func decide(_ known: FileRecord?, output: String = "o1", reprocess: Bool = false) -> RunPlan.Entry {
        RunPlan.decide(current, known: known, outputFingerprint: output, reprocess: reprocess)
    }

    private func assertEntry(
        _ entry: RunPlan.Entry, _ decision: FileDecision, keeps: Bool, _ message: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(entry.decision, decision, message, file: file, line: line)
        XCTAssertEqual(entry.keepsAcknowledgements, keeps, "keepsAcknowledgements " + message, file: file, line: line)
        XCTAssertEqual(entry.identity, current, "the entry records the file as it is now", file: file, line: line)
    }

    func testTheRecordIsBuiltFromTheRow() {
        let record = known(.inProgress)
        XCTAssertEqual(record.identity, current)
        XCTAssertEqual(record.status, .inProgress)
        XCTAssertEqual(record.outputFingerprint, "o1")
        XCTAssertEqual(record.counts, FileCounts(eventsProduced: 3, eventsDelivered: 2, eventsRejected: 1))
    }

    // MARK: Unknown

    func testAnUnknownFileIsNew() {
        assertEntry(decide(nil), .new, keeps: false)
        assertEntry(decide(nil, reprocess: true), .new, keeps: false)
        XCTAssertTrue(FileDecision.new.processes)
        XCTAssertEqual(FileDecision.new.label, "new")
    }

    // MARK: Done

    func testADoneFileWithTheSameContentAndOutputIsSkipped() {
        assertEntry(decide(known(.done)), .skipDone, keeps: false)
        XCTAssertFalse(FileDecision.skipDone.processes)
        XCTAssertEqual(FileDecision.skipDone.label, "done")
    }

    func testADoneFileWithAnotherOutputIsSkippedUnlessReprocessIsAsked() {
        assertEntry(decide(known(.done), output: "o2"), .skipOtherOutput, keeps: false)
        XCTAssertFalse(FileDecision.skipOtherOutput.processes)
        XCTAssertEqual(FileDecision.skipOtherOutput.label, "done-other-mapping")
        assertEntry(decide(known(.done), output: "o2", reprocess: true), .reprocess, keeps: false)
        XCTAssertTrue(FileDecision.reprocess.processes)
        XCTAssertEqual(FileDecision.reprocess.label, "reprocess")
    }

    func testReprocessProcessesADoneFileWithTheSameOutputFromTheStart() {
        assertEntry(decide(known(.done), reprocess: true), .reprocess, keeps: false)
    }

    // MARK: Content changed

    func testAFileWhoseSizeTimeOrFingerprintChangedIsChangedAndStartsOver() {
        let changes: [(String, (FileStatus) -> FileRecord)] = [
            ("size", { self.known($0, size: self.current.size + 1) }),
            ("modification time", { self.known($0, modified: self.current.modificationNanoseconds - 1) }),
            ("fingerprint", { self.known($0, fingerprint: "fedcba9876543210") }),
        ]
        for (what, record) in changes {
            for status in FileStatus.allCases {
                for output in ["o1", "o2"] {
                    for reprocess in [false, true] {
                        assertEntry(
                            decide(record(status), output: output, reprocess: reprocess), .changed, keeps: false,
                            "\(what) changed, \(status), output \(output), reprocess \(reprocess)")
                    }
                }
            }
        }
        XCTAssertTrue(FileDecision.changed.processes)
        XCTAssertEqual(FileDecision.changed.label, "changed")
    }

    // MARK: Unfinished

    func testAPendingOrInProgressFileIsResumedKeepingAcknowledgementsOnlyForTheSameOutput() {
        for status in [FileStatus.pending, .inProgress] {
            assertEntry(decide(known(status)), .resume, keeps: true, "\(status), same output")
            assertEntry(decide(known(status), reprocess: true), .resume, keeps: true, "\(status), reprocess")
            assertEntry(decide(known(status), output: "o2"), .resume, keeps: false, "\(status), other output")
        }
        XCTAssertTrue(FileDecision.resume.processes)
        XCTAssertEqual(FileDecision.resume.label, "resume")
    }

    func testAFailedFileIsRetriedKeepingAcknowledgementsOnlyForTheSameOutput() {
        assertEntry(decide(known(.failed)), .retry, keeps: true, "same output")
        assertEntry(decide(known(.failed), reprocess: true), .retry, keeps: true, "reprocess")
        assertEntry(decide(known(.failed), output: "o2"), .retry, keeps: false, "other output")
        XCTAssertTrue(FileDecision.retry.processes)
        XCTAssertEqual(FileDecision.retry.label, "retry")
    }
}
