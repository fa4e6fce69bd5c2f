import Foundation
import XCTest

/// `upload` through the built binary against `serve-mock`: the exit codes of a run that could not
/// deliver (README, "Exit codes"), and `--timeout` against a server that does not answer in time.
final class UploadCommandTests: XCTestCase {
    let binary = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
    let now = "2024-06-01T00:00:00Z"
    let token = "upload-test-token"

    struct Outcome {
        var status: Int32
        var stderr: String
    }

    func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "segment-metronome-upload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// An NDJSON file of `count` valid events.
    func events(_ count: Int, in work: String) throws -> String {
        let path = work + "/events.ndjson"
        let lines = (0..<count).map {
            #"{"transaction_id":"up-\#($0)","customer_id":"c","event_type":"e","timestamp":"2024-05-31T12:00:00.000Z","properties":{}}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func upload(_ arguments: [String], work: String, token: String) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments =
            ["upload"] + arguments + ["--rejects", work + "/rejects.ndjson", "--now", now, "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: work)
        var environment = ProcessInfo.processInfo.environment
        environment["METRONOME_BEARER_TOKEN"] = token
        process.environment = environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stderr: text)
    }

    func rejects(_ work: String) throws -> [[String: Any]] {
        try String(contentsOfFile: work + "/rejects.ndjson", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    func testRetriesUsedUpExitThree() throws {
        let work = try temporary()
        let input = try events(5, in: work)
        let mock = try ServeMockProcess(
            ["--token", token, "--now", now, "--throttle-rate", "1", "--retry-after", "0.01"], test: self)
        let outcome = try upload([input, "--endpoint", mock.endpoint, "--max-retries", "3"], work: work, token: token)
        let counts = try mock.stop()
        let summary = mock.summary
        XCTAssertEqual(outcome.status, 3, outcome.stderr)
        XCTAssertEqual(counts.requests, 4, "one attempt and three retries: \(summary)")
        XCTAssertTrue(summary.contains("(answers: 429 x 4)"), summary)
        let lines = try rejects(work)
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines.allSatisfy { $0["retriable"] as? Bool == true })
    }

    func testABadTokenExitsFourAfterExactlyOneRequest() throws {
        let work = try temporary()
        let input = try events(250, in: work)
        let mock = try ServeMockProcess(["--token", token, "--now", now], test: self)
        let outcome = try upload(
            [input, "--endpoint", mock.endpoint, "--concurrency", "8", "--batch-size", "10"], work: work,
            token: "not-the-token")
        let counts = try mock.stop()
        let summary = mock.summary
        XCTAssertEqual(outcome.status, 4, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("Metronome refused the API token (HTTP 403"), outcome.stderr)
        XCTAssertEqual(counts.requests, 1, summary)
        XCTAssertTrue(summary.contains("(answers: 403 x 1)"), summary)
        let lines = try rejects(work)
        XCTAssertEqual(lines.count, 250, "every event is accounted for as not sent")
        XCTAssertTrue(lines.allSatisfy { $0["retriable"] as? Bool == true })
    }

    /// `--timeout` bounds each request: answers that come too late are timeouts, retried, then reported
    /// retriable (exit code 3).
    func testASmallTimeoutTimesOutASlowServerAndRetries() throws {
        let work = try temporary()
        let input = try events(3, in: work)
        let mock = try ServeMockProcess(
            ["--token", token, "--now", now, "--slow-rate", "1", "--slow-delay", "30"], test: self)
        let started = Date()
        let outcome = try upload(
            [input, "--endpoint", mock.endpoint, "--timeout", "0.3", "--max-retries", "1"], work: work, token: token)
        let elapsed = Date().timeIntervalSince(started)
        let counts = try mock.stop()
        let summary = mock.summary
        XCTAssertEqual(outcome.status, 3, outcome.stderr)
        XCTAssertLessThan(elapsed, 10, "no request waited for the 30 s answer")
        XCTAssertEqual(counts.requests, 2, "the timed-out request was retried once: \(summary)")
        let lines = try rejects(work)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(
            (lines.first?["reason"] as? String)?.contains("(last: the request timed out)") == true, "\(lines)")
    }
}
