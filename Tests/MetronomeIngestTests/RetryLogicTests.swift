import XCTest

@testable import MetronomeIngest

final class RetryLogicTests: XCTestCase {
    private func status(
        _ code: Int, _ hints: IngestResponse.ServerHints = .init(), _ message: String = ""
    )
        -> DeliveryStatus
    {
        RetryLogic.status(of: .answered(status: code, hints: hints, message: message))
    }

    func testTheSDKsRetriableStatusesAreRetried() {
        for code in [408, 409, 429, 500, 502, 503, 504, 599] {
            guard case .retriable = status(code) else { return XCTFail("\(code) should be retriable") }
        }
        XCTAssertEqual(
            RetryLogic.status(of: .timedOut), .retriable(reason: "the request timed out", serverDelay: nil))
        XCTAssertEqual(
            RetryLogic.status(of: .connectionFailed("reset")),
            .retriable(reason: "connection failed: reset", serverDelay: nil))
    }

    func testOtherStatusesAreDeliveredRejectedOrFatal() {
        XCTAssertEqual(status(200), .delivered)
        XCTAssertEqual(status(204), .delivered)
        XCTAssertEqual(status(400, .init(), "bad"), .rejected(reason: "HTTP 400: bad", isolatable: true))
        XCTAssertEqual(status(404), .rejected(reason: "HTTP 404", isolatable: false))
        XCTAssertEqual(status(422), .rejected(reason: "HTTP 422", isolatable: false))
        XCTAssertEqual(status(401), .fatal(reason: "Metronome refused the API token (HTTP 401)"))
        XCTAssertEqual(
            status(403, .init(), "Unauthorized"),
            .fatal(reason: "Metronome refused the API token (HTTP 403: Unauthorized)"))
    }

    func testXShouldRetryOverridesTheStatusButNotARefusedToken() {
        XCTAssertEqual(status(400, .init(shouldRetry: true)), .retriable(reason: "HTTP 400", serverDelay: nil))
        XCTAssertEqual(status(503, .init(shouldRetry: false)), .rejected(reason: "HTTP 503", isolatable: false))
        XCTAssertEqual(status(400, .init(shouldRetry: false)), .rejected(reason: "HTTP 400", isolatable: true))
        guard case .fatal = status(401, .init(shouldRetry: true)) else { return XCTFail("401 stays fatal") }
    }

    /// A deliberate difference from the SDKs (README, "Retries"): `x-should-retry` cannot make a refused
    /// token retriable, so a bad token stops the run instead of burning through the archive.
    func testARefusedTokenStaysFatalWhateverTheRetryHeadersSay() {
        let hints: [IngestResponse.ServerHints] = [
            .init(), .init(shouldRetry: true), .init(shouldRetry: false),
            .init(shouldRetry: true, retryAfterMilliseconds: 10, retryAfter: 1),
        ]
        for code in [401, 403] {
            for hint in hints {
                XCTAssertEqual(
                    status(code, hint, "nope"), .fatal(reason: "Metronome refused the API token (HTTP \(code): nope)"),
                    "\(code) with \(hint)")
            }
        }
    }

    func testServerDelayIsPassedOn() {
        XCTAssertEqual(
            status(429, .init(retryAfterMilliseconds: 1500, retryAfter: 9)),
            .retriable(reason: "HTTP 429", serverDelay: 1.5))
        XCTAssertEqual(status(503, .init(retryAfter: 2)), .retriable(reason: "HTTP 503", serverDelay: 2))
    }

    func testLongMessagesAreCut() {
        guard case .rejected(let reason, _) = status(400, .init(), String(repeating: "x", count: 1000)) else {
            return XCTFail()
        }
        XCTAssertEqual(reason.count, "HTTP 400: ".count + 300 + 3)
    }
}
