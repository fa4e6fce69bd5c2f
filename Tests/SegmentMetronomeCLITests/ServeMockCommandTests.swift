import Foundation
import XCTest

/// `serve-mock` as Metronome's official Python SDK (`pip install metronome-sdk`) sees it: the SDK
/// pointed at the built binary with `base_url` works unchanged and raises the same error classes as
/// against Metronome (SEMANTICS 6.7). Runs `Fixtures/sdk_compat.py` once per fault mode.
///
/// Needs `python3` with the SDK (`.ci/run` installs it); without them the tests fail with what to
/// install, since a skip would hide that the check never ran.
final class ServeMockCommandTests: XCTestCase {
    let script: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.path + "/Fixtures/sdk_compat.py"
    }()
    let token = "sdk-compat-token"

    struct MissingSDK: Error, CustomStringConvertible {
        var description: String
    }

    /// `python3 ARGUMENTS` with proxies cleared (the SDK's httpx honours them, and the stand-in is local).
    func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
            environment[name] = nil
        }
        environment["METRONOME_BEARER_TOKEN"] = nil
        environment["METRONOME_BASE_URL"] = nil
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Fails, saying what to install, when python3 or the SDK is missing: the check must run
    /// wherever the suite runs (`.ci/run` installs the SDK).
    func requireSDK() throws {
        let check = try python(["-c", "import metronome; print(metronome.__version__)"])
        guard check.status != 0 else { return }
        let problem =
            check.status == 127
            ? "python3 is not installed" : "Metronome's Python SDK is not installed (pip install metronome-sdk)"
        throw MissingSDK(description: "\(problem); .ci/run installs it: \(check.output)")
    }

    /// Runs the script against a stand-in started with `options`; returns its output and the stand-in's summary.
    func check(_ expect: String, options: [String] = []) throws -> (output: String, summary: String) {
        try requireSDK()
        let mock = try ServeMockProcess(["--token", token] + options, test: self)
        let run = try python([script, mock.endpoint, "--token", token, "--expect", expect])
        try mock.stop()
        let summary = mock.summary
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertFalse(run.output.contains("FAIL"), run.output)
        return (run.output, summary)
    }

    /// The lines of `output` that passed.
    func passed(_ output: String) -> [String] {
        output.split(separator: "\n").filter { $0.hasPrefix("PASS") }.map(String.init)
    }

    func testTheSDKGetsMetronomesAnswersFromAHealthyStandIn() throws {
        let (output, summary) = try check("ok")
        XCTAssertEqual(passed(output).count, 8, output)
        for expected in [
            "PASS  valid batch of 100 events is accepted",
            "PASS  resending the same batch is accepted (duplicates ignored)",
            "PASS  one bad event -> BadRequestError: BadRequestError (HTTP 400)",
            "PASS  timestamp 2 days ahead -> BadRequestError: BadRequestError (HTTP 400)",
            "PASS  101 events -> BadRequestError: BadRequestError (HTTP 400)",
            "PASS  empty array -> BadRequestError: BadRequestError (HTTP 400)",
            "PASS  wrong token -> PermissionDeniedError: PermissionDeniedError (HTTP 403)",
            "PASS  no Authorization header -> AuthenticationError: AuthenticationError (HTTP 401)",
        ] {
            XCTAssertTrue(output.contains(expected), "\(expected) in\n\(output)")
        }
        // The SDK's requests were read as Metronome reads them: 150 new events, 50 resent.
        XCTAssertTrue(summary.contains("(answers: 200 x 3, 400 x 4, 401 x 1, 403 x 1)"), summary)
        XCTAssertTrue(summary.contains("150 events accepted, 50 duplicates ignored"), summary)
    }

    func testTheSDKGetsARateLimitErrorAfterItsRetries() throws {
        let (output, summary) = try check("throttle", options: ["--throttle-rate", "1", "--retry-after", "0.05"])
        XCTAssertTrue(output.contains("PASS  throttled -> RateLimitError: RateLimitError (HTTP 429)"), output)
        XCTAssertTrue(
            output.contains("PASS  throttled, after the SDK's retries -> RateLimitError: RateLimitError (HTTP 429)"),
            output)
        // One request without retries, then one with the SDK's default two retries.
        XCTAssertTrue(summary.contains("4 requests (answers: 429 x 4)"), summary)
    }

    func testTheSDKGetsAnInternalServerErrorForFailuresAndPartialIngests() throws {
        for option in ["--fail-rate", "--fail-after-partial-rate"] {
            let (output, summary) = try check("fail", options: [option, "1"])
            XCTAssertTrue(
                output.contains("PASS  server error -> InternalServerError: InternalServerError (HTTP 500)"), output)
            XCTAssertTrue(summary.contains("1 request (answers: 500 x 1)"), summary)
        }
    }

    func testTheSDKGetsAConnectionErrorWhenTheConnectionIsDropped() throws {
        let (output, summary) = try check("drop", options: ["--drop-rate", "1"])
        XCTAssertTrue(output.contains("PASS  dropped connection -> APIConnectionError: APIConnectionError"), output)
        XCTAssertTrue(summary.contains("1 connection dropped"), summary)
    }
}
