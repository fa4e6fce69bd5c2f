import Foundation
import Logging
import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents
@testable import MetronomeIngest
@testable import RunLedger

/// Scheduled runs with a ledger, against an in-memory Metronome: incremental runs, changed files,
/// mapping changes, exact resume and sharding.
final class LedgerSessionTests: XCTestCase {
    let sample = packageRoot + "/testdata/segment-logs"
    let expected = packageRoot + "/testdata/expected/segment-logs"

    /// The sample's archive files, relative to `sample`, in byte order (hidden names, which discovery
    /// skips, left out).
    var sampleFiles: [String] {
        (try? FileManager.default.subpathsOfDirectory(atPath: sample))?.filter { path in
            (path.hasSuffix(".gz") || path.hasSuffix(".ndjson"))
                && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }.sorted() ?? []
    }

    /// The golden events of one input file (by its path relative to the sample).
    func golden(_ relative: String) throws -> [String] {
        let output = OutputRouter.outputRelativePath(relative, gzip: false)
        return try readText(expected + "/" + output).split(separator: "\n").map(String.init)
    }

    func allGolden() throws -> [String] { try sampleFiles.flatMap { try golden($0) } }

    /// Copies `files` of the sample into `directory`, keeping their relative paths and times.
    func copy(_ files: [String], to directory: String) throws {
        for file in files {
            let target = directory + "/" + file
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: sample + "/" + file, toPath: target)
        }
    }

    /// One `sync` run over `input` with the ledger at `work/ledger.sqlite`.
    func sync(
        _ input: String, work: String, transport: RecordingTransport, fingerprint: String = "mapping-a",
        reprocess: Bool = false, selection: FileSelection = FileSelection(), ledger: String? = nil,
        configure: (inout UploadOptions) -> Void = { _ in }
    ) throws -> RunReport {
        var upload = UploadOptions(transport: transport, endpointDescription: "memory")
        upload.uploader.retryPolicy = RetryPolicy(maximumRetries: 20)
        configure(&upload)
        let session = try LedgerSession(
            path: ledger ?? work + "/ledger.sqlite", command: "sync", shard: selection.shard,
            outputFingerprint: fingerprint, reprocess: reprocess)
        let report = try convert([input], work: work) { options in
            options.destination = .metronome(upload)
            options.ledger = session
            options.selection = selection
        }
        session.finish(outcome: "test", exitCode: 0)
        return report
    }

    func testOnlyNewFilesAreProcessedOnTheNextRun() throws {
        let work = try temporaryDirectory(self)
        let input = work + "/in"
        let files = sampleFiles
        try copy(Array(files.prefix(2)), to: input)
        let first = RecordingTransport()
        let report1 = try sync(input, work: work, transport: first)
        XCTAssertEqual(Set(first.delivered), Set(try files.prefix(2).flatMap { try golden($0) }))
        XCTAssertEqual(report1.ledger?.count(.new), 2)

        try copy(Array(files.dropFirst(2)), to: input)
        let second = RecordingTransport()
        let report2 = try sync(input, work: work, transport: second)
        XCTAssertEqual(second.delivered.sorted(), try files.dropFirst(2).flatMap { try golden($0) }.sorted())
        XCTAssertEqual(report2.ledger?.count(.skipDone), 2)
        XCTAssertEqual(report2.ledger?.count(.new), files.count - 2)
        XCTAssertEqual(report2.filesRead, files.count - 2)

        let third = RecordingTransport()
        let report3 = try sync(input, work: work, transport: third)
        XCTAssertEqual(third.requests.count, 0, "nothing left to do")
        XCTAssertEqual(report3.ledger?.count(.skipDone), files.count)
        let status = try Ledger(path: work + "/ledger.sqlite").status()
        XCTAssertEqual(status.files[.done], files.count)
        XCTAssertEqual(status.eventsDelivered, try allGolden().count)
        XCTAssertEqual(status.lastRuns.count, 3)
    }

    func testAFileChangedUnderTheSamePathIsProcessedAgainAndReported() throws {
        let work = try temporaryDirectory(self)
        let input = work + "/in"
        try copy(sampleFiles, to: input)
        _ = try sync(input, work: work, transport: RecordingTransport())
        let changed = "VhBYQcAjH5/1432684800000/plain-upload.ndjson"
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: input + "/" + changed))
        handle.seekToEndOfFile()
        handle.write(
            Data(
                #"{"type":"track","event":"API Call","messageId":"added-later","userId":"u","context":{"groupId":"acct_9"},"timestamp":"2024-05-30T12:00:00.000Z","properties":{}}"#
                    .utf8 + [0x0A]))
        try handle.close()
        let transport = RecordingTransport()
        let report = try sync(input, work: work, transport: transport)
        XCTAssertEqual(report.ledger?.changedFiles, [changed])
        XCTAssertEqual(report.ledger?.count(.changed), 1)
        XCTAssertEqual(report.ledger?.count(.skipDone), sampleFiles.count - 1)
        XCTAssertEqual(report.filesRead, 1)
        XCTAssertTrue(transport.delivered.contains { $0.contains(#""transaction_id":"added-later""#) })
        XCTAssertEqual(transport.delivered.count, try golden(changed).count + 1)
        XCTAssertEqual(try Ledger(path: work + "/ledger.sqlite").files()[changed]?.contentChanges, 1)
        XCTAssertTrue(
            report.summary(destination: "memory").contains("changed since it was done, processed again: \(changed)"))
    }

    func testAnotherMappingDoesNotResendUnlessReprocessIsAsked() throws {
        let work = try temporaryDirectory(self)
        _ = try sync(sample, work: work, transport: RecordingTransport())
        let quiet = RecordingTransport()
        let report = try sync(sample, work: work, transport: quiet, fingerprint: "mapping-b")
        XCTAssertEqual(quiet.requests.count, 0)
        XCTAssertEqual(report.ledger?.count(.skipOtherOutput), sampleFiles.count)
        XCTAssertTrue(report.summary(destination: "memory").contains("use --reprocess"))
        let again = RecordingTransport()
        let reprocessed = try sync(sample, work: work, transport: again, fingerprint: "mapping-b", reprocess: true)
        XCTAssertEqual(reprocessed.ledger?.count(.reprocess), sampleFiles.count)
        XCTAssertEqual(again.delivered.sorted(), try allGolden().sorted())
    }

    /// Batches that failed in one run are the only ones the next run sends: what was acknowledged is
    /// never sent twice, what was not is never lost.
    func testAResumedFileSendsExactlyTheEventsThatWereNotAcknowledged() throws {
        let work = try temporaryDirectory(self)
        let golden = try allGolden()
        // Fail every request that carries one of these events, for good (no retries).
        let doomed = Set(stride(from: 3, to: golden.count, by: 17).map { golden[$0] })
        let failing = RecordingTransport { events, _ in
            events.contains(where: doomed.contains) ? .status(503, "unavailable") : .ok
        }
        let report1 = try sync(sample, work: work, transport: failing) {
            $0.batchSize = 5
            $0.uploader.retryPolicy = RetryPolicy(maximumRetries: 0)
        }
        let notDelivered = try XCTUnwrap(report1.delivery?.eventsNotDelivered)
        XCTAssertGreaterThan(notDelivered, doomed.count - 1, "whole batches of 5 fail")
        XCTAssertEqual(report1.delivery?.eventsDelivered, golden.count - notDelivered)
        let failedFiles = try Ledger(path: work + "/ledger.sqlite").files().values.filter { $0.status == .failed }
        XCTAssertFalse(failedFiles.isEmpty)

        let healthy = RecordingTransport()
        let report2 = try sync(sample, work: work, transport: healthy) { $0.batchSize = 5 }
        XCTAssertEqual(report2.ledger?.count(.retry), failedFiles.count)
        XCTAssertEqual(healthy.delivered.count, notDelivered, "only the unacknowledged events are sent again")
        XCTAssertEqual(report2.ledger?.eventsAlreadySettled, report2.eventsWritten - notDelivered)
        XCTAssertTrue(Set(healthy.delivered).isDisjoint(with: Set(failing.delivered)))
        XCTAssertEqual((failing.delivered + healthy.delivered).sorted(), golden.sorted())
        XCTAssertEqual(report2.delivery?.isBalanced, true)
        XCTAssertEqual(try Ledger(path: work + "/ledger.sqlite").status().files[.done], sampleFiles.count)
    }

    func testShardsAreDisjointAndTogetherAreTheWholeRun() throws {
        let golden = try allGolden()
        for count in [1, 3, 8] {
            var union: [String] = []
            var owners: [String: Int] = [:]
            for index in 0..<count {
                let work = try temporaryDirectory(self)
                let transport = RecordingTransport()
                let shard = ShardAssignment(index: index, count: count)
                let report = try sync(sample, work: work, transport: transport, selection: FileSelection(shard: shard))
                XCTAssertEqual(report.filesOtherShards + report.filesRead, sampleFiles.count)
                for file in try Ledger(path: work + "/ledger.sqlite").files().keys {
                    XCTAssertNil(owners[file], "\(file) is in shards \(owners[file] ?? -1) and \(index) of \(count)")
                    owners[file] = index
                }
                union += transport.delivered
            }
            XCTAssertEqual(owners.count, sampleFiles.count, "every file in exactly one of \(count) shards")
            XCTAssertEqual(union.sorted(), golden.sorted(), "\(count) shards deliver exactly the unsharded events")
        }
    }

    func testConvertWithALedgerSkipsDoneFilesAndRedoesUnfinishedOnes() throws {
        let work = try temporaryDirectory(self)
        func run() throws -> RunReport {
            let session = try LedgerSession(
                path: work + "/ledger.sqlite", command: "convert", shard: nil, outputFingerprint: "f",
                reprocess: false)
            defer { session.finish(outcome: "test", exitCode: 0) }
            return try convert([sample], work: work) { $0.ledger = session }
        }
        let first = try run()
        XCTAssertEqual(first.filesRead, sampleFiles.count)
        let written = try readText(work + "/out/" + OutputRouter.outputRelativePath(sampleFiles[0], gzip: false))
        // A run killed while converting the first file left it in progress.
        let ledger = try Ledger(path: work + "/ledger.sqlite")
        let identity = try XCTUnwrap(FileIdentity.of(path: sample + "/" + sampleFiles[0], relativePath: sampleFiles[0]))
        try ledger.plan(identity, outputFingerprint: "f", keepAcknowledgements: false, contentChanged: false, run: 1)
        _ = try ledger.startFile(sampleFiles[0])
        let second = try run()
        XCTAssertEqual(second.filesRead, 1)
        XCTAssertEqual(second.ledger?.count(.resume), 1)
        XCTAssertEqual(second.ledger?.count(.skipDone), sampleFiles.count - 1)
        XCTAssertEqual(
            try readText(work + "/out/" + OutputRouter.outputRelativePath(sampleFiles[0], gzip: false)), written)
        XCTAssertEqual(try Ledger(path: work + "/ledger.sqlite").status().files[.done], sampleFiles.count)
    }

    /// `finish` ends the run: the lock is released then, not when the last reference to the session
    /// goes (an upload task that is done may still hold one for a moment, and a next run in the same
    /// process would find the ledger locked by its own pid).
    func testFinishingASessionReleasesTheLedgersLockWhileTheSessionIsStillReferenced() throws {
        let path = try temporaryDirectory(self) + "/ledger.sqlite"
        let session = try LedgerSession(
            path: path, command: "sync", shard: nil, outputFingerprint: "f", reprocess: false)
        do {
            _ = try LedgerLock(ledgerPath: path)
            XCTFail("the lock is free while the session runs")
        } catch {
            guard case .locked = error else { return XCTFail("expected .locked, got \(error)") }
        }
        session.finish(outcome: "test", exitCode: 0)
        XCTAssertNotNil(try LedgerLock(ledgerPath: path))
        XCTAssertEqual(try Ledger(path: path).status().lastRuns.first?.outcome, "test")
        withExtendedLifetime(session) {}
    }

    func testWithALedgerRejectsAreAddedToNotReplaced() throws {
        let work = try temporaryDirectory(self)
        _ = try sync(sample, work: work, transport: RecordingTransport())
        let before = try readText(work + "/rejects.ndjson")
        XCTAssertFalse(before.isEmpty)
        _ = try sync(sample, work: work, transport: RecordingTransport(), reprocess: true)
        // Files are read in parallel, so compare the lines as multisets.
        let lines = { (text: String) in text.split(separator: "\n").sorted() }
        XCTAssertEqual(lines(try readText(work + "/rejects.ndjson")), lines(before + before))
    }
}
