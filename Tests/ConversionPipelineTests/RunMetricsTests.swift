import Foundation
import MetronomeIngest
import XCTest

@testable import ConversionPipeline

final class RunMetricsTests: XCTestCase {
    func convertReport() -> RunReport {
        var report = RunReport()
        report.filesRead = 12
        report.filesFailed = 1
        report.skippedPaths = ["src/manifest.json"]
        report.eventsWritten = 1000
        report.eventsSkipped = 20
        report.addRejection(category: "missing customer_id", count: 7)
        report.elapsedSeconds = 12.3456
        return report
    }

    func syncReport() -> RunReport {
        var report = convertReport()
        var totals = IngestTotals()
        totals.eventsSubmitted = 1000
        totals.eventsDelivered = 990
        totals.eventsRejected = 4
        totals.eventsNotDelivered = 6
        totals.requests = 12
        totals.retries = 2
        totals.splits = 3
        report.add(totals)
        report.filesNotStarted = 2
        return report
    }

    let end = Date(timeIntervalSince1970: 1_717_200_000.5)

    func testConvertRunGolden() {
        let metrics = RunMetrics(report: convertReport(), command: "convert", exitCode: 1, endTime: end)
        XCTAssertEqual(
            metrics.text,
            """
            # HELP segment_metronome_last_run_timestamp_seconds When the last run ended, in seconds since the Unix epoch.
            # TYPE segment_metronome_last_run_timestamp_seconds gauge
            segment_metronome_last_run_timestamp_seconds{command="convert"} 1717200000.500
            # HELP segment_metronome_last_run_success 1 if the last run exited 0, else 0.
            # TYPE segment_metronome_last_run_success gauge
            segment_metronome_last_run_success{command="convert"} 0
            # HELP segment_metronome_last_run_duration_seconds How long the last run took, in seconds.
            # TYPE segment_metronome_last_run_duration_seconds gauge
            segment_metronome_last_run_duration_seconds{command="convert"} 12.346
            # HELP segment_metronome_last_run_exit_code The last run's exit code (see the README).
            # TYPE segment_metronome_last_run_exit_code gauge
            segment_metronome_last_run_exit_code{command="convert"} 1
            # HELP segment_metronome_last_run_files Input files in the last run by outcome (failed files are also counted as read).
            # TYPE segment_metronome_last_run_files gauge
            segment_metronome_last_run_files{command="convert",outcome="read"} 12
            segment_metronome_last_run_files{command="convert",outcome="failed"} 1
            segment_metronome_last_run_files{command="convert",outcome="skipped_non_archive"} 1
            segment_metronome_last_run_files{command="convert",outcome="not_started"} 0
            # HELP segment_metronome_last_run_events Events and records in the last run by outcome (rejected is permanent, not_delivered is retriable).
            # TYPE segment_metronome_last_run_events gauge
            segment_metronome_last_run_events{command="convert",outcome="produced"} 1000
            segment_metronome_last_run_events{command="convert",outcome="skipped"} 20
            segment_metronome_last_run_events{command="convert",outcome="rejected"} 7

            """)
    }

    func testSyncRunGolden() {
        let metrics = RunMetrics(
            report: syncReport(), command: "sync", exitCode: 3, endTime: end, filesAlreadyDone: 40,
            previousSuccessTime: Date(timeIntervalSince1970: 1_717_196_400.25))
        XCTAssertFalse(metrics.success)
        XCTAssertEqual(
            metrics.text,
            """
            # HELP segment_metronome_last_run_timestamp_seconds When the last run ended, in seconds since the Unix epoch.
            # TYPE segment_metronome_last_run_timestamp_seconds gauge
            segment_metronome_last_run_timestamp_seconds{command="sync"} 1717200000.500
            # HELP segment_metronome_last_run_success 1 if the last run exited 0, else 0.
            # TYPE segment_metronome_last_run_success gauge
            segment_metronome_last_run_success{command="sync"} 0
            # HELP segment_metronome_last_run_duration_seconds How long the last run took, in seconds.
            # TYPE segment_metronome_last_run_duration_seconds gauge
            segment_metronome_last_run_duration_seconds{command="sync"} 12.346
            # HELP segment_metronome_last_run_exit_code The last run's exit code (see the README).
            # TYPE segment_metronome_last_run_exit_code gauge
            segment_metronome_last_run_exit_code{command="sync"} 3
            # HELP segment_metronome_last_success_timestamp_seconds When the last successful run (exit code 0) ended, in seconds since the Unix epoch.
            # TYPE segment_metronome_last_success_timestamp_seconds gauge
            segment_metronome_last_success_timestamp_seconds{command="sync"} 1717196400.250
            # HELP segment_metronome_last_run_files Input files in the last run by outcome (failed files are also counted as read).
            # TYPE segment_metronome_last_run_files gauge
            segment_metronome_last_run_files{command="sync",outcome="read"} 12
            segment_metronome_last_run_files{command="sync",outcome="failed"} 1
            segment_metronome_last_run_files{command="sync",outcome="skipped_non_archive"} 1
            segment_metronome_last_run_files{command="sync",outcome="not_started"} 2
            segment_metronome_last_run_files{command="sync",outcome="already_done"} 40
            # HELP segment_metronome_last_run_events Events and records in the last run by outcome (rejected is permanent, not_delivered is retriable).
            # TYPE segment_metronome_last_run_events gauge
            segment_metronome_last_run_events{command="sync",outcome="produced"} 1000
            segment_metronome_last_run_events{command="sync",outcome="skipped"} 20
            segment_metronome_last_run_events{command="sync",outcome="rejected"} 11
            segment_metronome_last_run_events{command="sync",outcome="delivered"} 990
            segment_metronome_last_run_events{command="sync",outcome="not_delivered"} 6
            # HELP segment_metronome_last_run_requests Requests to Metronome's /v1/ingest in the last run by kind.
            # TYPE segment_metronome_last_run_requests gauge
            segment_metronome_last_run_requests{command="sync",kind="sent"} 12
            segment_metronome_last_run_requests{command="sync",kind="retried"} 2
            segment_metronome_last_run_requests{command="sync",kind="split"} 3

            """)
    }

    func testSuccessFollowsTheExitCode() {
        let metrics = RunMetrics(
            report: RunReport(), command: "upload", exitCode: 0, endTime: end,
            previousSuccessTime: Date(timeIntervalSince1970: 1))
        XCTAssertTrue(metrics.success)
        XCTAssertEqual(metrics.lastSuccessTime, end)
        XCTAssertTrue(metrics.text.contains("segment_metronome_last_run_success{command=\"upload\"} 1\n"))
        XCTAssertTrue(
            metrics.text.contains(
                "segment_metronome_last_success_timestamp_seconds{command=\"upload\"} 1717200000.500\n"))
    }

    func testAFailedRunCarriesTheLastSuccessOverFromTheFileItReplaces() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/segment_metronome.prom"
        let success = "segment_metronome_last_success_timestamp_seconds"

        // No earlier file: a failed run has no success to report.
        try RunMetrics(report: RunReport(), command: "sync", exitCode: 3, endTime: end).write(to: path)
        XCTAssertFalse(try String(contentsOfFile: path, encoding: .utf8).contains(success))

        try RunMetrics(report: RunReport(), command: "sync", exitCode: 0, endTime: end).write(to: path)
        let later = end.addingTimeInterval(3600)
        try RunMetrics(report: RunReport(), command: "sync", exitCode: 1, endTime: later).write(to: path)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\(success){command=\"sync\"} 1717200000.500\n"), text)
        XCTAssertTrue(text.contains("segment_metronome_last_run_timestamp_seconds{command=\"sync\"} 1717203600.500\n"))

        // And again: the success time survives any number of failures.
        try RunMetrics(report: RunReport(), command: "sync", exitCode: 4, endTime: later).write(to: path)
        text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\(success){command=\"sync\"} 1717200000.500\n"), text)

        // Another command's success is not this one's.
        try RunMetrics(report: RunReport(), command: "upload", exitCode: 3, endTime: later).write(to: path)
        XCTAssertFalse(try String(contentsOfFile: path, encoding: .utf8).contains(success))

        // What the ledger knows wins over the file.
        try RunMetrics(report: RunReport(), command: "sync", exitCode: 0, endTime: end).write(to: path)
        try RunMetrics(
            report: RunReport(), command: "sync", exitCode: 3, endTime: later,
            previousSuccessTime: Date(timeIntervalSince1970: 1_717_000_000)
        ).write(to: path)
        XCTAssertTrue(
            try String(contentsOfFile: path, encoding: .utf8).contains("\(success){command=\"sync\"} 1717000000.000\n"))
    }

    func testLastSuccessTimeIsReadForTheSameLabelsOnly() {
        let text = RunMetrics(report: RunReport(), command: "a\"b", shard: "3/8", exitCode: 0, endTime: end).text
        func read(_ command: String, _ shard: String?) -> Date? {
            RunMetrics(report: RunReport(), command: command, shard: shard, exitCode: 1, endTime: end)
                .lastSuccessTime(in: text)
        }
        XCTAssertEqual(read("a\"b", "3/8"), end)
        XCTAssertNil(read("a\"b", nil))
        XCTAssertNil(read("a\"b", "4/8"))
        XCTAssertNil(read("a", "3/8"))
    }

    func testShardIsALabelOnEverySample() {
        let text = RunMetrics(report: syncReport(), command: "sync", shard: "3/8", exitCode: 0, endTime: end).text
        let samples = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(samples.count, 17)
        for sample in samples { XCTAssertTrue(sample.contains("{command=\"sync\",shard=\"3/8\""), String(sample)) }
        XCTAssertTrue(
            text.contains("segment_metronome_last_run_files{command=\"sync\",shard=\"3/8\",outcome=\"read\"} 12\n"))
    }

    func testLabelValuesAreEscaped() {
        XCTAssertEqual(RunMetrics.escapeLabelValue("a\\b\"c\nd é"), "a\\\\b\\\"c\\nd é")
        let text = RunMetrics(report: RunReport(), command: "we\"ird\\\n", exitCode: 0, endTime: end).text
        XCTAssertTrue(text.contains("{command=\"we\\\"ird\\\\\\n\"} 1\n"), text)
    }

    func testSecondsAreSpelledWithoutExponentOrLocale() {
        XCTAssertEqual(RunMetrics.seconds(0), "0.000")
        XCTAssertEqual(RunMetrics.seconds(0.0004), "0.000")
        XCTAssertEqual(RunMetrics.seconds(0.0996), "0.100")
        XCTAssertEqual(RunMetrics.seconds(1e10), "10000000000.000")
        XCTAssertEqual(RunMetrics.seconds(-1.25), "-1.250")
        XCTAssertEqual(RunMetrics.seconds(.nan), "NaN")
        XCTAssertEqual(RunMetrics.seconds(.infinity), "+Inf")
    }

    /// Checks every line against the text exposition format's grammar, and the grouping rules the
    /// textfile collector enforces: one HELP and TYPE per family, before its samples, families
    /// contiguous, no series twice, a final newline.
    func testOutputParsesAsTheTextFormat() throws {
        let name = "[a-zA-Z_:][a-zA-Z0-9_:]*"
        let labelValue = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\""
        let label = "[a-zA-Z_][a-zA-Z0-9_]*=\(labelValue)"
        let value = "(?:[-+]?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[-+]Inf|NaN)"
        let help = try NSRegularExpression(pattern: "^# HELP (\(name)) [^\\n]*$")
        let type = try NSRegularExpression(pattern: "^# TYPE (\(name)) (?:counter|gauge|histogram|summary|untyped)$")
        let sample = try NSRegularExpression(pattern: "^(\(name))(\\{\(label)(?:,\(label))*\\})? \(value)$")
        func match(_ regex: NSRegularExpression, _ line: String) -> String? {
            let range = NSRange(line.startIndex..., in: line)
            guard let result = regex.firstMatch(in: line, range: range) else { return nil }
            return String(line[Range(result.range(at: 1), in: line)!])
        }
        for metrics in [
            RunMetrics(report: convertReport(), command: "convert", exitCode: 0, endTime: end),
            RunMetrics(report: syncReport(), command: "s\"y\\n\nc", exitCode: 4, endTime: end, filesAlreadyDone: 0),
            RunMetrics(
                report: syncReport(), command: "sync", shard: "0/8", exitCode: 1, endTime: end,
                previousSuccessTime: Date()),
        ] {
            let text = metrics.text
            XCTAssertTrue(text.hasSuffix("\n"))
            var helped: Set<String> = []
            var typed: Set<String> = []
            var series: Set<String> = []
            var current: String?
            for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if let family = match(help, line) {
                    XCTAssertTrue(helped.insert(family).inserted, "second HELP: \(line)")
                    current = family
                } else if let family = match(type, line) {
                    XCTAssertEqual(family, current, line)
                    XCTAssertTrue(typed.insert(family).inserted, "second TYPE: \(line)")
                } else if let family = match(sample, line) {
                    XCTAssertEqual(family, current, "sample outside its family: \(line)")
                    XCTAssertTrue(typed.contains(family), line)
                    XCTAssertTrue(series.insert(String(line[..<line.lastIndex(of: " ")!])).inserted, line)
                } else {
                    XCTFail("not a text-format line: \(line)")
                }
            }
            XCTAssertEqual(
                helped.count,
                (metrics.report.delivery == nil ? 6 : 7) + (metrics.lastSuccessTime == nil ? 0 : 1))
        }
    }

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "run-metrics-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testWriteReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/segment_metronome.prom"
        try Data(String(repeating: "stale\n", count: 10_000).utf8).write(to: URL(fileURLWithPath: path))
        let metrics = RunMetrics(report: syncReport(), command: "sync", exitCode: 0, endTime: end)
        try metrics.write(to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), metrics.text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["segment_metronome.prom"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        // The collector usually runs as another user: the file must be world-readable.
        XCTAssertEqual((mode ?? 0) & 0o044, 0o044)

        let next = RunMetrics(report: convertReport(), command: "convert", exitCode: 0, endTime: end)
        try next.write(to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), next.text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["segment_metronome.prom"])
    }

    func testWriteIntoAMissingDirectoryFailsWithTheReason() throws {
        let directory = try temporaryDirectory()
        let metrics = RunMetrics(report: RunReport(), command: "sync", exitCode: 0, endTime: end)
        XCTAssertThrowsError(try metrics.write(to: directory + "/missing/m.prom")) { error in
            XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    func testWriteOverADirectoryFailsAndRemovesTheTemporaryFile() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/m.prom"
        try FileManager.default.createDirectory(atPath: path + "/x", withIntermediateDirectories: true)
        let metrics = RunMetrics(report: RunReport(), command: "sync", exitCode: 0, endTime: end)
        XCTAssertThrowsError(try metrics.write(to: path)) { error in
            XCTAssertTrue("\(error)".contains("cannot rename"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["m.prom"])
    }
}
