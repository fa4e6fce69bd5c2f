import Foundation
import XCTest

/// Scheduled `sync` runs as a cron job runs them: the built binary against `serve-mock`, killed with
/// SIGKILL at random moments, two runs at once, `status` and `--dry-run`.
final class ScheduledRunTests: XCTestCase {
    let binary = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
    /// The generated corpus's reference time and a backdating window that accepts all of it.
    let now = "2024-06-15T00:00:00Z"
    let maxAge = "3650d"
    let token = "ledger-test-token"
    /// Maps customer_id from userId, so that most generated events become Metronome events.
    let mapping: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/testdata/mappings/customer-from-userid.json"
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "segment-metronome-ledger-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func process(_ arguments: [String], directory: String) -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["METRONOME_BEARER_TOKEN"] = token
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: [String], directory: String, environment extra: [String: String] = [:]) throws -> Outcome {
        let (process, out, err) = process(arguments, directory: directory)
        process.environment?.merge(extra) { $1 }
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts the binary in the background with its output discarded (an unread pipe would kill it with
    /// SIGPIPE once its reader is gone).
    func background(_ arguments: [String], directory: String) throws -> Process {
        let (process, _, _) = process(arguments, directory: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts `serve-mock` on a free port recording to `record`; returns it and its base URL.
    func startMock(record: String, directory: String) throws -> (Process, String) {
        let (mock, _, err) = process(
            [
                "serve-mock", "--port", "0", "--token", token, "--record", record, "--now", now, "--max-age", maxAge,
            ], directory: directory)
        try mock.run()
        addTeardownBlock {
            if mock.isRunning {
                mock.terminate()
                mock.waitUntilExit()
            }
        }
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\n") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        let line = String(decoding: seen, as: UTF8.self)
        guard let range = line.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            throw XCTSkip("serve-mock did not start: \(line)")
        }
        return (mock, String(line[range]))
    }

    /// The `transaction_id`s of the events `convert` makes of `corpus` with the same settings.
    func expectedTransactionIDs(_ corpus: String, work: String) throws -> Set<String> {
        let converted = try run(
            [
                "convert", corpus, "--out", work + "/expected", "--now", now, "--max-age", maxAge, "--quiet",
                "--mapping", mapping,
            ],
            directory: work)
        XCTAssertEqual(converted.status, 0, converted.stderr)
        var ids = Set<String>()
        for file in try FileManager.default.subpathsOfDirectory(atPath: work + "/expected")
        where file.hasSuffix(".ndjson") {
            ids.formUnion(try transactionIDs(work + "/expected/" + file))
        }
        return ids
    }

    func transactionIDs(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return object["transaction_id"] as! String
        }
    }

    func status(ledger: String, directory: String) throws -> [String: Any] {
        let outcome = try run(["status", "--ledger", ledger, "--json"], directory: directory)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [String: Any]
    }

    /// The issue's crash test: 20 SIGKILLs at random moments (during discovery and planning, mid-file,
    /// mid-batch, and inside ledger transactions), then runs until one finishes; Metronome's record must
    /// hold exactly the expected events, and the ledger must say every file is done.
    func testKilledRunsLoseNothingAndSendNothingExtra() throws {
        let work = try temporary()
        let corpus = work + "/corpus"
        let generated = try run(
            ["generate", "--out", corpus, "--events", "30000", "--files", "6", "--seed", "11"], directory: work)
        XCTAssertEqual(generated.status, 0, generated.stderr)
        let expected = try expectedTransactionIDs(corpus, work: work)
        XCTAssertGreaterThan(expected.count, 10_000)
        let (_, endpoint) = try startMock(record: work + "/record.ndjson", directory: work)
        let ledger = work + "/ledger.sqlite"
        // Slow enough (about 7 s for the whole corpus) that 20 kills within the first 0.6 s of each run
        // land mid-file and mid-batch.
        let sync = [
            "sync", corpus, "--endpoint", endpoint, "--ledger", ledger, "--now", now, "--max-age", maxAge,
            "--rejects", work + "/rejects.ndjson", "--rate-limit", "3000", "--concurrency", "4", "--quiet",
            "--mapping", mapping,
        ]
        var random = SystemRandomNumberGenerator()
        var kills: [String] = []
        for attempt in 0..<20 {
            if attempt % 4 == 3 {
                // Inside the k-th queued ledger transaction, before its commit.
                let k = Int.random(in: 1...12, using: &random)
                let outcome = try run(
                    sync, directory: work, environment: ["SEGMENT_METRONOME_TEST_KILL_IN_LEDGER_WRITE": String(k)])
                kills.append("ledger write \(k): \(outcome.status == 0 ? "finished first" : "killed")")
                continue
            }
            // Early kills hit discovery, planning and the first request; later ones mid-file.
            let delay =
                attempt % 4 == 0
                ? Double.random(in: 0...0.15, using: &random) : Double.random(in: 0.2...0.6, using: &random)
            let process = try background(sync, directory: work)
            Thread.sleep(forTimeInterval: delay)
            let killed = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            kills.append("after \(String(format: "%.3f", delay)) s: \(killed ? "killed" : "finished first")")
        }
        var finished = false
        for _ in 0..<10 where !finished {
            let outcome = try run(sync, directory: work)
            XCTAssertTrue([0, 3].contains(outcome.status), outcome.stderr)
            finished = outcome.status == 0
        }
        XCTAssertTrue(finished, "a run finished after the kills: \(kills)")
        XCTAssertGreaterThanOrEqual(kills.filter { $0.hasSuffix(": killed") }.count, 16, "\(kills)")
        let recorded = try transactionIDs(work + "/record.ndjson")
        XCTAssertEqual(recorded.count, Set(recorded).count, "the stand-in records each transaction_id once")
        let got = Set(recorded)
        XCTAssertEqual(got.subtracting(expected).count, 0, "nothing extra")
        XCTAssertEqual(expected.subtracting(got).count, 0, "nothing lost; kills: \(kills)")
        let summary = try status(ledger: ledger, directory: work)
        let files = summary["files"] as! [String: Int]
        XCTAssertEqual(files["done"], 6, "\(summary)")
        XCTAssertEqual(files["pending"], 0)
        XCTAssertEqual(files["in_progress"], 0)
        XCTAssertEqual(files["failed"], 0)
        let runs = summary["last_runs"] as! [[String: Any]]
        XCTAssertEqual(runs.first?["outcome"] as? String, "success")
        XCTAssertTrue(runs.dropFirst().contains { $0["outcome"] is NSNull }, "killed runs have no outcome")
    }

    func testASecondRunOnTheSameLedgerRefusesAtOnceWithExitCodeFive() throws {
        let work = try temporary()
        let corpus = work + "/corpus"
        XCTAssertEqual(
            try run(["generate", "--out", corpus, "--events", "5000", "--files", "2", "--seed", "11"], directory: work)
                .status, 0)
        let (_, endpoint) = try startMock(record: work + "/record.ndjson", directory: work)
        let ledger = work + "/ledger.sqlite"
        let sync = [
            "sync", corpus, "--endpoint", endpoint, "--ledger", ledger, "--now", now, "--max-age", maxAge, "--quiet",
            "--rejects", work + "/rejects.ndjson", "--mapping", mapping,
        ]
        let first = try background(sync + ["--rate-limit", "500"], directory: work)
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        // Wait until the first run holds the lock and has started a file.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: ledger),
                let summary = try? status(ledger: ledger, directory: work),
                ((summary["files"] as? [String: Int])?["in_progress"] ?? 0) > 0
            {
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let started = Date()
        let second = try run(sync, directory: work)
        XCTAssertEqual(second.status, 5, second.stderr)
        XCTAssertTrue(second.stderr.contains("another run is using the ledger \(ledger)"), second.stderr)
        XCTAssertTrue(second.stderr.contains("pid \(first.processIdentifier)"), second.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "refuses at once")
        XCTAssertTrue(first.isRunning)
        // `status` reads while the run writes (WAL).
        let summary = try status(ledger: ledger, directory: work)
        XCTAssertEqual((summary["last_runs"] as! [[String: Any]]).first?["outcome"] as? NSNull, NSNull())
    }

    func testDryRunListsDecisionsAndChangesNothing() throws {
        let work = try temporary()
        let corpus = work + "/corpus"
        XCTAssertEqual(
            try run(["generate", "--out", corpus, "--events", "300", "--files", "3", "--seed", "11"], directory: work)
                .status, 0)
        let ledger = work + "/ledger.sqlite"
        let convert = ["convert", corpus, "--out", work + "/out", "--ledger", ledger, "--now", now, "--quiet"]
        let before = try run(convert + ["--dry-run"], directory: work)
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertEqual(
            before.stdout.split(separator: "\n").filter { $0.hasPrefix("process  new") }.count, 3, before.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/out"), "a dry run writes nothing")
        XCTAssertEqual(try run(convert, directory: work).status, 0)
        let after = try run(convert + ["--dry-run"], directory: work)
        XCTAssertEqual(
            after.stdout.split(separator: "\n").filter { $0.hasPrefix("skip     done") }.count, 3, after.stdout)
        XCTAssertTrue(after.stdout.contains("Dry run: 0 of 3 selected files would be processed"), after.stdout)
        let otherMapping = try run(
            convert + ["--dry-run", "--mapping", mapping],
            directory: work)
        XCTAssertEqual(
            otherMapping.stdout.split(separator: "\n").filter { $0.hasPrefix("skip     done-other-mapping") }.count, 3,
            otherMapping.stdout + otherMapping.stderr)
    }

    func testStatusOfAMissingLedgerExitsSix() throws {
        let work = try temporary()
        let outcome = try run(["status", "--ledger", work + "/nope.sqlite"], directory: work)
        XCTAssertEqual(outcome.status, 6)
        XCTAssertTrue(outcome.stderr.contains("there is no ledger at"), outcome.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/nope.sqlite"), "status creates nothing")
    }

    func testMetricsCountFilesAlreadyDoneAndLogsCanBeJSON() throws {
        let work = try temporary()
        let corpus = work + "/corpus"
        XCTAssertEqual(
            try run(["generate", "--out", corpus, "--events", "200", "--files", "2", "--seed", "11"], directory: work)
                .status, 0)
        // A damaged file, so that the run logs an error.
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: corpus + "/damaged.gz"))
        let convert = [
            "convert", corpus, "--out", work + "/out", "--ledger", work + "/ledger.sqlite", "--now", now, "--quiet",
            "--metrics-file", work + "/m.prom", "--log-format", "json",
        ]
        let first = try run(convert, directory: work)
        XCTAssertEqual(first.status, 1, "the damaged file fails the run")
        let logLines = first.stderr.split(separator: "\n")
        XCTAssertFalse(logLines.isEmpty)
        for line in logLines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertEqual(object?["level"] as? String, "error", String(line))
        }
        let second = try run(convert, directory: work)
        XCTAssertEqual(second.status, 1, "a failed file is tried again and fails again")
        let metrics = try String(contentsOfFile: work + "/m.prom", encoding: .utf8)
        XCTAssertTrue(
            metrics.contains(#"segment_metronome_last_run_files{command="convert",outcome="already_done"} 2"#), metrics)
        XCTAssertTrue(metrics.contains(#"segment_metronome_last_run_exit_code{command="convert"} 1"#), metrics)
        let summary = try status(ledger: work + "/ledger.sqlite", directory: work)
        XCTAssertEqual((summary["files"] as! [String: Int])["failed"], 1)
        XCTAssertEqual((summary["files"] as! [String: Int])["done"], 2)
        XCTAssertEqual((summary["last_runs"] as! [[String: Any]]).first?["outcome"] as? String, "files_failed")
    }
}
