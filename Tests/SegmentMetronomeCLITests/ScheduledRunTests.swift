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

    /// Starts `serve-mock` on a free port recording to `record`.
    /// Generates `events` lines in `files` gzip files (seed 11) under `work/corpus` and returns that
    /// path; fails the test when `generate` does not succeed.
    func generateCorpus(events: Int, files: Int, in work: String) throws -> String {
        let corpus = work + "/corpus"
        let generated = try run(
            ["generate", "--out", corpus, "--events", String(events), "--files", String(files), "--seed", "11"],
            directory: work)
        XCTAssertEqual(generated.status, 0, generated.stderr)
        return corpus
    }

    func startMock(record: String, directory: String) throws -> ServeMockProcess {
        try ServeMockProcess(
            binary: binary,
            arguments: ["--token", token, "--record", record, "--now", now, "--max-age", maxAge],
            directory: directory, test: self)
    }

    /// The size of the file at `path` in bytes, 0 when there is none.
    func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The `transaction_id`s of the events `convert` makes of `corpus` with the same settings.
    func expectedTransactionIDs(_ corpus: String, work: String) throws -> Set<String> {
        try expectedTransactionIDsByFile(corpus, work: work).values.reduce(into: Set<String>()) { $0.formUnion($1) }
    }

    /// The same, by output file (one per input file).
    func expectedTransactionIDsByFile(_ corpus: String, work: String) throws -> [String: Set<String>] {
        let converted = try run(
            [
                "convert", corpus, "--out", work + "/expected", "--now", now, "--max-age", maxAge, "--quiet",
                "--mapping", mapping,
            ],
            directory: work)
        XCTAssertEqual(converted.status, 0, converted.stderr)
        var ids: [String: Set<String>] = [:]
        for file in try FileManager.default.subpathsOfDirectory(atPath: work + "/expected")
        where file.hasSuffix(".ndjson") {
            ids[file] = Set(try transactionIDs(work + "/expected/" + file))
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
    /// hold exactly the expected events, and the ledger must say every file is done. And what the kills
    /// cost: the events sent again, counted by the stand-in, stay within the in-flight window per kill,
    /// which a resume at file granularity would exceed.
    func testKilledRunsLoseNothingAndSendNothingExtra() throws {
        let work = try temporary()
        // Three files of 10,000 lines, each making more events than a killed run can send (below).
        let corpus = try generateCorpus(events: 30000, files: 3, in: work)
        let expectedByFile = try expectedTransactionIDsByFile(corpus, work: work)
        let expected = expectedByFile.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        XCTAssertEqual(expectedByFile.count, 3)
        XCTAssertGreaterThan(expected.count, 10_000)
        let mock = try startMock(record: work + "/record.ndjson", directory: work)
        let ledger = work + "/ledger.sqlite"
        let concurrency = 4
        let batchSize = 20
        let rate = 3000.0
        // Slow enough (about 7 s for the whole corpus) that 20 kills within half a second of each run's
        // first events land mid-file and mid-batch. Small batches keep the in-flight window (80
        // events) far below what a killed run sends.
        let sync = [
            "sync", corpus, "--endpoint", mock.endpoint, "--ledger", ledger, "--now", now, "--max-age", maxAge,
            "--rejects", work + "/rejects.ndjson", "--rate-limit", String(Int(rate)), "--concurrency",
            String(concurrency), "--batch-size", String(batchSize), "--quiet", "--mapping", mapping,
        ]
        var random = SystemRandomNumberGenerator()
        var kills: [String] = []
        var longestKilledRun = 0.0
        for attempt in 0..<20 {
            let started = Date()
            if attempt % 4 == 3 {
                // Inside the k-th queued ledger transaction, before its commit.
                let k = Int.random(in: 1...12, using: &random)
                let outcome = try run(
                    sync, directory: work, environment: ["SEGMENT_METRONOME_TEST_KILL_IN_LEDGER_WRITE": String(k)])
                kills.append("ledger write \(k): \(outcome.status == 0 ? "finished first" : "killed")")
                if outcome.status != 0 { longestKilledRun = max(longestKilledRun, Date().timeIntervalSince(started)) }
                continue
            }
            // Early kills hit discovery, planning and the first request; later ones mid-file, a random
            // time after this run's first events reached the stand-in (the debug binary's start-up
            // varies too much on a loaded machine for fixed delays to land there).
            let early = attempt % 4 == 0
            let delay =
                early ? Double.random(in: 0...0.15, using: &random) : Double.random(in: 0.05...0.5, using: &random)
            let recordedBefore = size(work + "/record.ndjson")
            let process = try background(sync, directory: work)
            if !early {
                let deadline = Date().addingTimeInterval(5)
                while process.isRunning && size(work + "/record.ndjson") == recordedBefore && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.005)
                }
            }
            Thread.sleep(forTimeInterval: delay)
            let killed = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            kills.append(
                "\(early ? "after" : "sending, then") \(String(format: "%.3f", delay)) s: \(killed ? "killed" : "finished first")"
            )
            if killed { longestKilledRun = max(longestKilledRun, Date().timeIntervalSince(started)) }
        }
        let deliveredByKilledRuns = try transactionIDs(work + "/record.ndjson").count
        var finished = false
        for _ in 0..<10 where !finished {
            let outcome = try run(sync, directory: work)
            XCTAssertTrue([0, 3].contains(outcome.status), outcome.stderr)
            finished = outcome.status == 0
        }
        XCTAssertTrue(finished, "a run finished after the kills: \(kills)")
        let killed = kills.filter { $0.hasSuffix(": killed") }.count
        XCTAssertGreaterThanOrEqual(killed, 16, "\(kills)")
        let recorded = try transactionIDs(work + "/record.ndjson")
        XCTAssertEqual(recorded.count, Set(recorded).count, "the stand-in records each transaction_id once")
        let got = Set(recorded)
        XCTAssertEqual(got.subtracting(expected).count, 0, "nothing extra")
        XCTAssertEqual(expected.subtracting(got).count, 0, "nothing lost; kills: \(kills)")

        // What the stand-in took in, duplicates included. A resumed file skips every batch whose
        // acknowledgement reached the ledger (`SettledRanges`), so a kill makes the next run send again
        // only the batches answered but not yet committed there:
        //  - the requests in flight, at most --concurrency batches (BatchUploader's window);
        //  - acknowledgements answered but still queued for, or inside, the ledger writer's transaction
        //    (`Ledger.acknowledge` never blocks the upload; the writer takes every queued one in one
        //    transaction, which a SIGKILL inside it loses whole). At --rate-limit 3000 events/s that is
        //    what arrives during one millisecond-scale transaction, counted here as a second window.
        // So at most 2 x concurrency x batch size events are sent again per kill.
        let counts = try mock.stop()
        let window = concurrency * batchSize
        let bound = killed * 2 * window
        XCTAssertEqual(counts.accepted, expected.count, "\(counts)")
        XCTAssertLessThanOrEqual(
            counts.received, expected.count + bound,
            "\(counts.duplicatesIgnored) events sent again after \(killed) kills; kills: \(kills)")
        XCTAssertGreaterThan(counts.duplicatesIgnored, 0, "kills mid-batch make the next run send something again")
        // The bound is tight enough to catch a resume that restarts whole files: no file can be finished
        // by a killed run (each makes more events than a run sends at the rate limit, plus its burst,
        // in the longest killed run), so such a resume would send again everything the killed runs
        // delivered, which is more than the bound.
        let mostAKilledRunSends = Int(rate * longestKilledRun) + Int(max(100, rate / 20))
        XCTAssertGreaterThan(
            expectedByFile.values.map(\.count).min() ?? 0, mostAKilledRunSends, "files too small for the check")
        XCTAssertGreaterThan(deliveredByKilledRuns, bound, "the killed runs did too little for the check: \(kills)")
        print(
            "kill -9 harness: \(killed) kills, \(deliveredByKilledRuns) events delivered before the last runs, "
                + "\(counts.duplicatesIgnored) sent again (bound \(bound)), longest killed run "
                + String(format: "%.2f s", longestKilledRun)
                + ", smallest file \(expectedByFile.values.map(\.count).min() ?? 0) events")

        let summary = try status(ledger: ledger, directory: work)
        let files = summary["files"] as! [String: Int]
        XCTAssertEqual(files["done"], 3, "\(summary)")
        XCTAssertEqual(files["pending"], 0)
        XCTAssertEqual(files["in_progress"], 0)
        XCTAssertEqual(files["failed"], 0)
        let runs = summary["last_runs"] as! [[String: Any]]
        XCTAssertEqual(runs.first?["outcome"] as? String, "success")
        XCTAssertTrue(runs.dropFirst().contains { $0["outcome"] is NSNull }, "killed runs have no outcome")
    }

    func testASecondRunOnTheSameLedgerRefusesAtOnceWithExitCodeFive() throws {
        let work = try temporary()
        let corpus = try generateCorpus(events: 5000, files: 2, in: work)
        let endpoint = try startMock(record: work + "/record.ndjson", directory: work).endpoint
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
        let corpus = try generateCorpus(events: 300, files: 3, in: work)
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

    /// `sync --dry-run` after a run: the decisions are listed, the stand-in gets no request and the
    /// ledger is left as it was (no run recorded, no file marked); a dry run creates no ledger either.
    func testSyncDryRunListsDecisionsSendsNothingAndLeavesTheLedgerAlone() throws {
        let work = try temporary()
        let corpus = try generateCorpus(events: 300, files: 3, in: work)
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".gz") }.sorted()
        XCTAssertEqual(files.count, 3)
        // The first run sees two of the three files.
        try FileManager.default.moveItem(atPath: corpus + "/" + files[2], toPath: work + "/later.gz")
        let ledger = work + "/ledger.sqlite"
        let sync = [
            "sync", corpus, "--ledger", ledger, "--now", now, "--max-age", maxAge, "--quiet", "--rejects",
            work + "/rejects.ndjson", "--mapping", mapping,
        ]
        let first = try startMock(record: work + "/first.ndjson", directory: work)
        let firstRun = try run(sync + ["--endpoint", first.endpoint], directory: work)
        XCTAssertEqual(firstRun.status, 0, firstRun.stderr)
        XCTAssertGreaterThan(try first.stop().accepted, 0)
        try FileManager.default.moveItem(atPath: work + "/later.gz", toPath: corpus + "/" + files[2])

        // Every row of every table, when the sqlite3 shell is there (SQLite rewrites the file's header
        // whenever GRDB opens and closes it, so the file's bytes are not compared).
        let dumpBefore =
            FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")
            ? try dump(ledger, directory: work) : nil
        let statusBefore = try run(["status", "--ledger", ledger, "--json"], directory: work).stdout
        let standIn = try startMock(record: work + "/dry.ndjson", directory: work)
        let dry = try run(sync + ["--endpoint", standIn.endpoint, "--dry-run"], directory: work)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        let lines = dry.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines.filter { $0.hasPrefix("skip     done ") }.compactMap {
                $0.split(separator: " ").last.map(String.init)
            },
            Array(files[..<2]), dry.stdout)
        XCTAssertEqual(lines.filter { $0.hasPrefix("process  new ") }.count, 1, dry.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("process  new ") && $0.hasSuffix(files[2]) }, dry.stdout)
        XCTAssertTrue(
            dry.stdout.contains("Dry run: 1 of 3 selected files would be processed (2 done, 1 new)"), dry.stdout)
        let counts = try standIn.stop()
        XCTAssertEqual(counts.requests, 0, "a dry run sends nothing")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: work + "/dry.ndjson")), Data())
        XCTAssertEqual(
            try run(["status", "--ledger", ledger, "--json"], directory: work).stdout, statusBefore,
            "no run recorded, no file marked")
        if let dumpBefore {
            XCTAssertEqual(try dump(ledger, directory: work), dumpBefore, "every table as it was")
        }

        let fresh = try run(
            sync
                + ["--endpoint", "http://127.0.0.1:9", "--dry-run", "--ledger", work + "/fresh.sqlite"]
                .filter { $0 != ledger }, directory: work)
        XCTAssertEqual(fresh.status, 0, fresh.stderr)
        XCTAssertTrue(fresh.stdout.contains("Dry run: 3 of 3 selected files would be processed (3 new)"), fresh.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/fresh.sqlite"), "a dry run creates no ledger")
    }

    /// `sqlite3 PATH .dump`: the ledger's every table and row, as SQL text.
    func dump(_ path: String, directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-readonly", path, ".dump"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(text.contains("CREATE TABLE files"), text)
        return text
    }

    /// `--since`/`--until` take the files of the selected S3 day folders whatever their modification
    /// time, and files outside that layout by modification time; the window is since <= t < until.
    func testSinceAndUntilTakeDayFoldersElseModificationTimes() throws {
        let work = try temporary()
        let input = work + "/in"
        let day: Int64 = 1_708_819_200_000  // 2024-02-25T00:00:00Z
        let dayLength: Int64 = 86_400_000
        var index = 0
        func write(_ relative: String, modified: Date? = nil) throws {
            let path = input + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let line =
                #"{"type":"track","event":"E","messageId":"m\#(index)","userId":"u","timestamp":"2024-02-25T12:00:00Z","context":{"groupId":"g"},"properties":{}}"#
            index += 1
            try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
            if let modified { try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path) }
        }
        func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
        // Day folders: the 24th to the 27th, each file modified today (outside the window) but for one
        // modified inside the window in a day folder outside it.
        for offset: Int64 in -1...2 {
            try write("segment-logs/src/\(day + offset * dayLength)/part.ndjson")
        }
        try write("segment-logs/src/\(day - dayLength)/touched.ndjson", modified: date(day + 3_600_000))
        // No day folder: by modification time.
        try write("other/before.ndjson", modified: date(day - 1))
        try write("other/first.ndjson", modified: date(day))
        try write("other/inside.ndjson", modified: date(day + dayLength + 43_200_000))
        try write("other/at-until.ndjson", modified: date(day + 2 * dayLength))
        try write("other/not-a-day/1708819200001/x.ndjson", modified: date(day + 3 * dayLength))

        let convert = [
            "convert", input, "--out", work + "/out", "--now", "2024-02-28T00:00:00Z", "--quiet", "--report",
            work + "/report.json", "--rejects", work + "/rejects.ndjson",
        ]
        for (since, until) in [
            ("2024-02-25", "2024-02-27"), ("2024-02-25T01:00:00+01:00", "1708992000000"),
            (String(day), "2024-02-26T19:00:00-05:00"),
        ] {
            try? FileManager.default.removeItem(atPath: work + "/out")
            let outcome = try run(convert + ["--since", since, "--until", until], directory: work)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            let written = try FileManager.default.subpathsOfDirectory(atPath: work + "/out").filter {
                $0.hasSuffix(".ndjson")
            }
            XCTAssertEqual(
                Set(written),
                [
                    "segment-logs/src/\(day)/part.ndjson", "segment-logs/src/\(day + dayLength)/part.ndjson",
                    "other/first.ndjson", "other/inside.ndjson",
                ], "--since \(since) --until \(until)")
            let report =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/report.json")))
                as! [String: Any]
            XCTAssertEqual(report["files_read"] as? Int, 4)
            XCTAssertEqual(report["files_outside_window"] as? Int, 6)
            XCTAssertEqual(report["events_written"] as? Int, 4)
        }
        let dry = try run(convert + ["--since", "2024-02-26", "--dry-run"], directory: work)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("Dry run: 5 of 5 selected files"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("5 are outside --since/--until"), dry.stdout)
        for (flag, value) in [("--since", "2024-02-30"), ("--until", "yesterday"), ("--since", "2024-02-25T00:00:00")] {
            let refused = try run(convert + [flag, value], directory: work)
            XCTAssertEqual(refused.status, 2, "\(flag) \(value)")
            XCTAssertTrue(
                refused.stderr.contains(
                    "\(flag): expected a UTC day such as 2024-02-25, an RFC 3339 time or epoch milliseconds, got \(value)"
                ),
                refused.stderr)
        }
    }

    /// `--shard-from-env N` takes this worker's index from Kubernetes' JOB_COMPLETION_INDEX or AWS
    /// Batch's AWS_BATCH_JOB_ARRAY_INDEX and processes exactly the files `--shard I/N` does; without
    /// an index, or with one out of range, it is a usage error.
    func testShardFromEnvironmentProcessesTheFilesOfTheSameShard() throws {
        let work = try temporary()
        let corpus = try generateCorpus(events: 1200, files: 12, in: work)
        let count = 3
        func processed(_ name: String, _ flags: [String], environment: [String: String]) throws -> Set<String> {
            let out = work + "/" + name
            let outcome = try run(
                [
                    "convert", corpus, "--out", out, "--now", now, "--max-age", maxAge, "--quiet", "--rejects",
                    out + ".rejects.ndjson",
                ] + flags,
                directory: work, environment: environment)
            XCTAssertEqual(outcome.status, 0, "\(name): \(outcome.stderr)")
            return Set(try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".ndjson") })
        }
        let unset = ["JOB_COMPLETION_INDEX": "", "AWS_BATCH_JOB_ARRAY_INDEX": ""]
        var union = Set<String>()
        for index in 0..<count {
            let shard = try processed("shard-\(index)", ["--shard", "\(index)/\(count)"], environment: unset)
            XCTAssertFalse(shard.isEmpty, "12 files over 3 shards")
            XCTAssertTrue(union.isDisjoint(with: shard))
            union.formUnion(shard)
            let kubernetes = try processed(
                "k8s-\(index)", ["--shard-from-env", "\(count)"],
                environment: unset.merging(["JOB_COMPLETION_INDEX": "\(index)"]) { $1 })
            XCTAssertEqual(kubernetes, shard, "JOB_COMPLETION_INDEX=\(index)")
            let batch = try processed(
                "batch-\(index)", ["--shard-from-env", "\(count)"],
                environment: unset.merging(["AWS_BATCH_JOB_ARRAY_INDEX": "\(index)"]) { $1 })
            XCTAssertEqual(batch, shard, "AWS_BATCH_JOB_ARRAY_INDEX=\(index)")
        }
        XCTAssertEqual(union.count, 12)
        // Each shard keeps its own default ledger (sync).
        let dry = try run(
            ["sync", corpus, "--endpoint", "http://127.0.0.1:9", "--dry-run", "--shard-from-env", "3"],
            directory: work, environment: unset.merging(["AWS_BATCH_JOB_ARRAY_INDEX": "2"]) { $1 })
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.hasSuffix("; ledger segment-metronome.shard-2-of-3.ledger.sqlite.\n"), dry.stdout)
        for (environment, message) in [
            (unset, "--shard-from-env 3: set JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX"),
            (unset.merging(["JOB_COMPLETION_INDEX": "3"]) { $1 }, "to this worker's index, 0 to 2"),
        ] {
            let refused = try run(
                ["convert", corpus, "--out", work + "/refused", "--shard-from-env", "3"], directory: work,
                environment: environment)
            XCTAssertEqual(refused.status, 2, refused.stderr)
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
        }
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
        let corpus = try generateCorpus(events: 200, files: 2, in: work)
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
