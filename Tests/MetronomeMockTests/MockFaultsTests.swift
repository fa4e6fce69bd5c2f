import AsyncHTTPClient
import Foundation
import NIOCore
import XCTest

@testable import MetronomeMock

final class MockFaultsTests: XCTestCase {
    func testFailRateAnswers500AndIngestsNothing() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record, faults: MockFaults(failRate: 1))) { server in
            let answer = try await send(server, batch(count: 10))
            XCTAssertEqual(answer.status, 500)
            XCTAssertEqual(answer.body, #"{"message":"Internal server error"}"#)
            XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
            XCTAssertEqual(lines(record), [])
            XCTAssertEqual(server.statistics.responses, [500: 1])
        }
    }

    func testFailAfterPartialIngestsAStrictPrefixThenAnswers500() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record, faults: MockFaults(failAfterPartialRate: 1))) { server in
            var total = 0
            for request in 0..<5 {
                let answer = try await send(server, batch(count: 50, prefix: "p\(request)"))
                XCTAssertEqual(answer.status, 500)
                XCTAssertEqual(answer.body, #"{"message":"Internal server error"}"#)
                let accepted = server.acceptedTransactionIDs.filter { $0.hasPrefix("p\(request)-") }
                XCTAssertGreaterThanOrEqual(accepted.count, 1)
                XCTAssertLessThan(accepted.count, 50)
                XCTAssertEqual(accepted, Set((0..<accepted.count).map { "p\(request)-\($0)" }), "a prefix")
                total += accepted.count
            }
            XCTAssertEqual(recordedIDs(record).count, total)
            XCTAssertEqual(Set(recordedIDs(record)), server.acceptedTransactionIDs)
            XCTAssertEqual(server.statistics.partialIngests, 5)
            XCTAssertEqual(server.statistics.eventsAccepted, total)

            // A one-event request has no non-empty strict prefix: nothing is ingested.
            let single = try await send(server, batch(count: 1, prefix: "single"))
            XCTAssertEqual(single.status, 500)
            XCTAssertFalse(server.acceptedTransactionIDs.contains("single-0"))
        }
    }

    func testResendingAfterAPartialIngestDeliversTheRestOnce() async throws {
        let record = temporaryPath("record.ndjson")
        var settings = configuration(record: record, faults: MockFaults(failAfterPartialRate: 0.5))
        settings.seed = 7
        try await withServer(settings) { server in
            let body = batch(count: 100, prefix: "r")
            var attempts = 0
            while try await send(server, body).status != 200 { attempts += 1 }
            XCTAssertLessThan(attempts, 30)
            XCTAssertEqual(recordedIDs(record).sorted(), (0..<100).map { "r-\($0)" }.sorted())
        }
    }

    func testThrottleRateAnswers429WithRetryAfter() async throws {
        for (seconds, header) in [(1.0, "1"), (0.25, "0.25")] {
            let faults = MockFaults(throttleRate: 1, retryAfterSeconds: seconds)
            try await withServer(configuration(faults: faults)) { server in
                let answer = try await send(server, batch(count: 5))
                XCTAssertEqual(answer.status, 429)
                XCTAssertEqual(answer.headers.first(name: "retry-after"), header)
                XCTAssertTrue(answer.body.hasPrefix(#"{"message":"#))
                XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
            }
        }
    }

    func testDropRateClosesTheConnectionWithoutAnswer() async throws {
        try await withServer(configuration(faults: MockFaults(dropRate: 1))) { server in
            do {
                let answer = try await send(server, batch(count: 5))
                XCTFail("answered \(answer.status) instead of dropping")
            } catch {
                // The client sees a closed connection; any transport error is right.
            }
            XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
            XCTAssertEqual(server.statistics.droppedConnections, 1)
            XCTAssertEqual(server.statistics.requests, 1)
            XCTAssertEqual(server.statistics.responses, [:])
        }
    }

    func testSlowRateAnswersCorrectlyAfterTheDelay() async throws {
        let faults = MockFaults(slowRate: 1, slowDelaySeconds: 0.4)
        try await withServer(configuration(faults: faults)) { server in
            let started = Date()
            let answer = try await send(server, batch(count: 3, prefix: "slow"))
            XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.39)
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(answer.body, "{}")
            XCTAssertEqual(server.acceptedTransactionIDs, ["slow-0", "slow-1", "slow-2"])
            XCTAssertEqual(server.statistics.slowResponses, 1)
        }
    }

    func testFaultsApplyOnlyToOtherwiseValidRequests() async throws {
        let faults = MockFaults(dropRate: 1, failRate: 1, throttleRate: 1)
        try await withServer(configuration(faults: faults)) { server in
            let bad = try await send(server, batch([event("")]))
            XCTAssertEqual(bad.status, 400)
            let forbidden = try await send(server, batch(count: 1), token: "wrong")
            XCTAssertEqual(forbidden.status, 403)
            let missing = try await send(server, batch(count: 1), path: "/nope")
            XCTAssertEqual(missing.status, 404)
            XCTAssertEqual(server.statistics.droppedConnections, 0)
        }
    }

    func testTheSeedMakesASequentialRunRepeatable() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            var settings = configuration(faults: MockFaults(failRate: 0.3, throttleRate: 0.3))
            settings.seed = seed
            var result: [Int] = []
            try await withServer(settings) { server in
                for request in 0..<40 {
                    result.append(try await send(server, batch(count: 1, prefix: "s\(request)")).status)
                }
            }
            return result
        }
        let first = try await statuses(seed: 42)
        let second = try await statuses(seed: 42)
        XCTAssertEqual(first, second)
        XCTAssertTrue(first.contains(500) && first.contains(429) && first.contains(200), "\(first)")
        let other = try await statuses(seed: 43)
        XCTAssertNotEqual(first, other)
    }

    func testDrawFollowsTheFixedOrderAndRates() {
        var generator = SplitMix64(seed: 1)
        XCTAssertNil(MockFaults.none.draw(eventCount: 10, using: &generator))
        XCTAssertEqual(MockFaults(dropRate: 1, failRate: 1).draw(eventCount: 10, using: &generator), .drop)
        XCTAssertEqual(MockFaults(failRate: 1, throttleRate: 1).draw(eventCount: 10, using: &generator), .fail)
        XCTAssertEqual(MockFaults(throttleRate: 1, slowRate: 1).draw(eventCount: 10, using: &generator), .throttle)
        XCTAssertEqual(
            MockFaults(failAfterPartialRate: 1).draw(eventCount: 1, using: &generator), .failAfterPartial(count: 0))
        var fired = 0
        for _ in 0..<10_000 where MockFaults(failRate: 0.2).draw(eventCount: 10, using: &generator) == .fail {
            fired += 1
        }
        XCTAssertEqual(Double(fired) / 10_000, 0.2, accuracy: 0.02)
    }
}
