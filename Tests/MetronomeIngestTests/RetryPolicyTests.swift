import Foundation
import XCTest

@testable import MetronomeIngest

final class RetryPolicyTests: XCTestCase {
    func testBackoffDoublesFromHalfASecondUpToEightWithJitterInTheSDKsRange() {
        let policy = RetryPolicy(maximumRetries: 8, maximumDelaySeconds: 60)
        let expected = [0.5, 1, 2, 4, 8, 8, 8, 8]
        for (retry, base) in expected.enumerated() {
            XCTAssertEqual(policy.delay(beforeRetry: retry, serverDelay: nil, random: 0), base)
            let lowest = policy.delay(beforeRetry: retry, serverDelay: nil, random: 0.999_999)!
            XCTAssertGreaterThan(lowest, base * 0.75)
            XCTAssertLessThan(lowest, base * 0.7501)
        }
        XCTAssertNil(policy.delay(beforeRetry: 8, serverDelay: nil, random: 0), "retries used up")
    }

    func testServerDelayWinsAndIsCapped() {
        let policy = RetryPolicy(maximumRetries: 3, maximumDelaySeconds: 10)
        XCTAssertEqual(policy.delay(beforeRetry: 0, serverDelay: 3, random: 0.5), 3)
        XCTAssertEqual(policy.delay(beforeRetry: 0, serverDelay: 120, random: 0.5), 10)
        XCTAssertEqual(
            policy.delay(beforeRetry: 1, serverDelay: 0, random: 0), 1, "a zero delay falls back to back-off")
        XCTAssertEqual(policy.delay(beforeRetry: 1, serverDelay: -5, random: 0), 1, "a date in the past too")
        XCTAssertNil(policy.delay(beforeRetry: 3, serverDelay: 1, random: 0))
        XCTAssertNil(RetryPolicy(maximumRetries: 0).delay(beforeRetry: 0, serverDelay: nil, random: 0))
    }

    func testServerHintsAreReadFromHeaders() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        let hints = IngestResponse.ServerHints(
            headers: [("X-Should-Retry", "true"), ("Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT")], now: now)
        XCTAssertEqual(hints.shouldRetry, true)
        XCTAssertEqual(hints.retryAfter, 10)
        XCTAssertEqual(hints.delaySeconds, 10)
        let both = IngestResponse.ServerHints(headers: [("retry-after", "2.5"), ("retry-after-ms", "250")])
        XCTAssertEqual(both.delaySeconds, 0.25, "retry-after-ms wins")
        let junk = IngestResponse.ServerHints(headers: [("retry-after", "soon"), ("x-should-retry", "maybe")])
        XCTAssertEqual(junk, IngestResponse.ServerHints())
    }
}
