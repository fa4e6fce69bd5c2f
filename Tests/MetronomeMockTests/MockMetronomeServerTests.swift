import AsyncHTTPClient
import Foundation
import MetronomeMock
import NIOCore
import NIOHTTP1
import XCTest

final class MockMetronomeServerTests: XCTestCase {
    func testValidBatchIsAnswered200AndRecordedOneLinePerEvent() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record)) { server in
            XCTAssertEqual(server.baseURL, "http://127.0.0.1:\(server.port)")
            XCTAssertGreaterThan(server.port, 0)
            let answer = try await send(server, batch(count: 100))
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(answer.body, "{}")
            XCTAssertEqual(answer.headers.first(name: "content-type"), "application/json")
            let expected = (0..<100).map { "tx-\($0)" }
            XCTAssertEqual(recordedIDs(record), expected)
            XCTAssertEqual(lines(record).first, event("tx-0"))
            XCTAssertEqual(server.acceptedTransactionIDs, Set(expected))
            let statistics = server.statistics
            XCTAssertEqual(statistics.requests, 1)
            XCTAssertEqual(statistics.responses, [200: 1])
            XCTAssertEqual(statistics.eventsAccepted, 100)
            XCTAssertEqual(statistics.duplicatesIgnored, 0)
        }
    }

    func testOneEventIsAcceptedAndTheBoundsOfTheArrayAreMetronomes() async throws {
        try await withServer(configuration()) { server in
            let one = try await send(server, batch(count: 1, prefix: "single"))
            XCTAssertEqual(one.status, 200)

            let empty = try await send(server, Array("[]".utf8))
            XCTAssertEqual(empty.status, 400)
            XCTAssertEqual(
                empty.body,
                #"{"message":"[array is too short: must have at least 1 elements but instance has 0 elements]"}"#)

            let tooMany = try await send(server, batch(count: 101, prefix: "many"))
            XCTAssertEqual(tooMany.status, 400)
            XCTAssertEqual(
                tooMany.body,
                #"{"message":"[array is too long: must have at most 100 elements but instance has 101 elements]"}"#)

            XCTAssertEqual(server.acceptedTransactionIDs, ["single-0"])
            XCTAssertEqual(server.statistics.responses, [200: 1, 400: 2])
            XCTAssertEqual(server.statistics.eventsRefused, 101)
        }
    }

    func testBodiesThatAreNotAnArrayOfEventsAre400() async throws {
        try await withServer(configuration()) { server in
            let cases: [(String, String)] = [
                ("", "the request body is empty"),
                ("[{", "not valid JSON"),
                ("not json", "not valid JSON"),
                (
                    event("a"),
                    #"instance type (object) does not match any allowed primitive type (allowed: [\"array\"])"#
                ),
                (#"{"events":[]}"#, "instance type (object)"),
                ("[1]", "/0: A Metronome event must be a JSON object but this is a number."),
            ]
            for (body, expected) in cases {
                let answer = try await send(server, Array(body.utf8))
                XCTAssertEqual(answer.status, 400, body)
                XCTAssertTrue(answer.body.hasPrefix(#"{"message":"["#), answer.body)
                XCTAssertTrue(answer.body.contains(expected), "\(body) -> \(answer.body)")
            }
            XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
        }
    }

    func testOneBadEventRefusesTheWholeRequestAndNamesItsIndex() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record)) { server in
            var events = (0..<10).map { event("ok-\($0)") }
            events[3] = event("")
            events[7] = event("late", timestamp: "2024-06-02T00:00:01.000Z")
            let answer = try await send(server, batch(events))
            XCTAssertEqual(answer.status, 400)
            XCTAssertEqual(
                answer.body,
                #"{"message":"[/3: Transaction_id is empty; Metronome requires at least one character.; "#
                    + #"/7: Timestamp 2024-06-02T00:00:01.000Z is more than 24 hours after the reference time "#
                    + #"2024-06-01T00:00:00.000Z; Metronome rejects it.]"}"#)
            XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
            XCTAssertEqual(lines(record), [])
            XCTAssertEqual(server.statistics.eventsRefused, 10)
            XCTAssertEqual(server.statistics.eventsAccepted, 0)
        }
    }

    func testEventRulesFollowTheConfiguredNowAndMaximumAge() async throws {
        var settings = configuration()
        settings.maximumAgeMilliseconds = 86_400_000  // one day
        try await withServer(settings) { server in
            let cases: [(String, Int)] = [
                (event("fresh", timestamp: "2024-05-31T00:00:00Z"), 200),
                (event("old", timestamp: "2024-05-30T23:59:59.999Z"), 400),
                (event("future-ok", timestamp: "2024-06-02T00:00:00Z"), 200),
                (event("future", timestamp: "2024-06-02T00:00:00.001Z"), 400),
                (event("not-rfc", timestamp: "yesterday"), 400),
                (event(String(repeating: "x", count: 128)), 200),
                (event(String(repeating: "y", count: 129)), 400),
                (event("no-customer", customer: ""), 400),
                (#"{"transaction_id":"m","customer_id":"c","event_type":"e"}"#, 400),
                (event("props", properties: "[1]"), 400),
            ]
            for (body, status) in cases {
                let answer = try await send(server, batch([body]))
                XCTAssertEqual(answer.status, status, "\(body) -> \(answer.body)")
            }
            XCTAssertEqual(
                server.acceptedTransactionIDs, ["fresh", "future-ok", String(repeating: "x", count: 128)])
            let old = try await send(server, batch([event("old", timestamp: "2024-05-30T00:00:00Z")]))
            XCTAssertTrue(old.body.contains("older than the backdating window"), old.body)
        }
    }

    func testDuplicateTransactionIDWithinOneRequestIs400() async throws {
        try await withServer(configuration()) { server in
            let answer = try await send(server, batch([event("a"), event("b"), event("a", customer: "other")]))
            XCTAssertEqual(answer.status, 400)
            XCTAssertTrue(
                answer.body.contains(#"/2: transaction_id \"a\" already appears at /0 in this request"#), answer.body)
            XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
        }
    }

    func testAcceptedIDsAreDedupedAcrossRequests() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record)) { server in
            let first = try await send(server, batch([event("a"), event("b")]))
            let second = try await send(server, batch([event("b", customer: "someone else"), event("c")]))
            XCTAssertEqual([first.status, second.status], [200, 200])
            XCTAssertEqual(second.body, "{}")
            XCTAssertEqual(recordedIDs(record), ["a", "b", "c"])
            XCTAssertFalse(lines(record).contains { $0.contains("someone else") })
            XCTAssertEqual(server.statistics.eventsAccepted, 3)
            XCTAssertEqual(server.statistics.duplicatesIgnored, 1)
        }
    }

    func testAnExistingRecordFileSeedsTheAcceptedIDs() async throws {
        let record = temporaryPath("record.ndjson")
        try (event("old-1") + "\n" + "not json\n" + event("old-2") + "\n").write(
            toFile: record, atomically: true, encoding: .utf8)
        try await withServer(configuration(record: record)) { server in
            XCTAssertEqual(server.acceptedTransactionIDs, ["old-1", "old-2"])
            let answer = try await send(server, batch([event("old-2"), event("new")]))
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(lines(record), [event("old-1"), "not json", event("old-2"), event("new")])
            XCTAssertEqual(server.statistics.duplicatesIgnored, 1)
        }
    }

    func testWhitespaceAndNewlinesInTheBodyParseAndAreRecordedCompact() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record)) { server in
            let body = """
                [
                  {
                    "transaction_id" : "pretty-1",
                    "customer_id": "c",\r
                    "event_type":\t"e",
                    "timestamp": "2024-05-31T00:00:00Z",
                    "properties": { "nested": [ 1, 2 ], "s": "a\\/b" }
                  } ,
                  \(event("pretty-2"))
                ]

                """
            let answer = try await send(server, Array(body.utf8))
            XCTAssertEqual(answer.status, 200, answer.body)
            XCTAssertEqual(
                lines(record),
                [
                    #"{"transaction_id":"pretty-1","customer_id":"c","event_type":"e","timestamp":"2024-05-31T00:00:00Z","properties":{"nested":[1,2],"s":"a/b"}}"#,
                    event("pretty-2"),
                ])
        }
    }

    func testAuthorization() async throws {
        try await withServer(configuration()) { server in
            let missing = try await send(server, batch(count: 1), token: nil)
            XCTAssertEqual(missing.status, 401)
            XCTAssertEqual(missing.body, #"{"message":"Unauthorized"}"#)
            for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", testToken] {
                let answer = try await send(server, batch(count: 1), token: nil, headers: [("Authorization", header)])
                XCTAssertEqual(answer.status, 401, header)
            }
            let wrong = try await send(server, batch(count: 1), token: "not-the-token")
            XCTAssertEqual(wrong.status, 403)
            XCTAssertEqual(wrong.body, #"{"message":"Forbidden"}"#)
            let prefix = try await send(server, batch(count: 1), token: String(testToken.dropLast()))
            XCTAssertEqual(prefix.status, 403)
            let lowercaseScheme = try await send(
                server, batch(count: 1), token: nil, headers: [("Authorization", "bearer \(testToken)")])
            XCTAssertEqual(lowercaseScheme.status, 200)
            XCTAssertEqual(server.statistics.responses, [200: 1, 401: 5, 403: 2])
            XCTAssertFalse(missing.body.contains(testToken) || wrong.body.contains(testToken))
        }
    }

    func testWithoutAConfiguredTokenAnyBearerTokenIsAcceptedButOneIsStillRequired() async throws {
        try await withServer(configuration(token: nil)) { server in
            let any = try await send(server, batch(count: 1), token: "whatever")
            XCTAssertEqual(any.status, 200)
            let missing = try await send(server, batch(count: 1), token: nil)
            XCTAssertEqual(missing.status, 401)
        }
    }

    func testGzipBodiesAreInflated() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record)) { server in
            let answer = try await send(
                server, gzip(batch(count: 100, prefix: "gz")), headers: [("Content-Encoding", "gzip")])
            XCTAssertEqual(answer.status, 200, answer.body)
            XCTAssertEqual(recordedIDs(record), (0..<100).map { "gz-\($0)" })

            var corrupt = gzip(batch(count: 3, prefix: "bad"))
            corrupt[corrupt.count - 6] ^= 0xFF
            let refused = try await send(server, corrupt, headers: [("Content-Encoding", "gzip")])
            XCTAssertEqual(refused.status, 400)
            XCTAssertTrue(refused.body.contains("not valid gzip"), refused.body)

            let truncated = try await send(
                server, Array(gzip(batch(count: 3, prefix: "cut")).dropLast(10)),
                headers: [("Content-Encoding", "gzip")])
            XCTAssertEqual(truncated.status, 400)

            let other = try await send(server, batch(count: 1), headers: [("Content-Encoding", "br")])
            XCTAssertEqual(other.status, 415)
            XCTAssertEqual(server.acceptedTransactionIDs.count, 100)
        }
    }

    func testGzipEncodedRequestsAreCountedWhateverTheAnswer() async throws {
        try await withServer(configuration()) { server in
            _ = try await send(server, batch(count: 2, prefix: "plain"))
            _ = try await send(server, gzip(batch(count: 2, prefix: "gz")), headers: [("Content-Encoding", "gzip")])
            _ = try await send(server, gzip(batch(count: 2, prefix: "x")), headers: [("Content-Encoding", "X-Gzip")])
            let refused = try await send(
                server, gzip(batch(count: 1)), token: "wrong", headers: [("Content-Encoding", "gzip")])
            XCTAssertEqual(refused.status, 403)
            let statistics = server.statistics
            XCTAssertEqual(statistics.requests, 4)
            XCTAssertEqual(statistics.gzipRequests, 3)
            XCTAssertTrue(statistics.summary.hasSuffix("; 3 gzip-encoded requests"), statistics.summary)
        }
    }

    func testUserAgentsAreCountedAndBounded() async throws {
        try await withServer(configuration()) { server in
            _ = try await send(server, batch(count: 1, prefix: "a"), headers: [("User-Agent", "segment-metronome/1.2")])
            _ = try await send(server, batch(count: 1, prefix: "b"), headers: [("User-Agent", "segment-metronome/1.2")])
            _ = try await send(server, batch(count: 1, prefix: "c"), token: nil, headers: [("User-Agent", "curl/8")])
            _ = try await send(server, batch(count: 1, prefix: "d"))
            XCTAssertEqual(server.statistics.userAgents, ["segment-metronome/1.2": 2, "curl/8": 1, "": 1])
            for index in 0..<(MockMetronomeStatistics.maximumUserAgents + 2) {
                _ = try await send(
                    server, batch(count: 1, prefix: "e\(index)"), headers: [("User-Agent", "ua-\(index)")])
            }
            let statistics = server.statistics
            XCTAssertEqual(statistics.userAgents.count, MockMetronomeStatistics.maximumUserAgents)
            XCTAssertEqual(statistics.userAgents.values.reduce(0, +) + statistics.otherUserAgents, statistics.requests)
            XCTAssertEqual(statistics.otherUserAgents, 5)
        }
    }

    func testBodiesOverTheLimitAre413BeforeAndAfterInflating() async throws {
        var settings = configuration()
        settings.maximumBodyBytes = 4096
        try await withServer(settings) { server in
            let body = batch(count: 40, prefix: "big")
            XCTAssertGreaterThan(body.count, 4096)
            let plain = try await send(server, body)
            XCTAssertEqual(plain.status, 413)
            XCTAssertEqual(plain.headers.first(name: "connection"), "close")
            let compressed = gzip(body)
            XCTAssertLessThan(compressed.count, 4096)
            let inflated = try await send(server, compressed, headers: [("Content-Encoding", "gzip")])
            XCTAssertEqual(inflated.status, 413)
            let small = try await send(server, batch(count: 2, prefix: "small"))
            XCTAssertEqual(small.status, 200)
            XCTAssertEqual(server.acceptedTransactionIDs, ["small-0", "small-1"])
        }
    }

    func testWithValidationOffEveryAuthenticatedRequestIs200AndNothingIsRecorded() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record, validate: false)) { server in
            for body in ["[]", "not json", String(decoding: batch(count: 101), as: UTF8.self)] {
                let answer = try await send(server, Array(body.utf8))
                XCTAssertEqual(answer.status, 200)
                XCTAssertEqual(answer.body, "{}")
            }
            let wrong = try await send(server, Array("[]".utf8), token: "nope")
            XCTAssertEqual(wrong.status, 403)
            XCTAssertEqual(lines(record), [])
            XCTAssertTrue(server.acceptedTransactionIDs.isEmpty)
            XCTAssertEqual(server.statistics.responses, [200: 3, 403: 1])
        }
    }

    func testOtherPathsAre404AndOtherMethods405() async throws {
        try await withServer(configuration()) { server in
            let notFound = try await send(server, batch(count: 1), path: "/v1/events/search")
            XCTAssertEqual(notFound.status, 404)
            XCTAssertTrue(notFound.body.hasPrefix(#"{"message":"Not found"#), notFound.body)
            for method in [HTTPMethod.GET, .PUT, .DELETE] {
                let answer = try await send(server, batch(count: 1), method: method)
                XCTAssertEqual(answer.status, 405, "\(method)")
                XCTAssertEqual(answer.headers.first(name: "allow"), "POST")
            }
            let withQuery = try await send(server, batch(count: 1, prefix: "q"), path: "/v1/ingest?x=1")
            XCTAssertEqual(withQuery.status, 200)
        }
    }

    func testExpect100ContinueIsAnswered() async throws {
        try await withServer(configuration()) { server in
            let answer = try await send(
                server, batch(count: 2, prefix: "expect"), headers: [("Expect", "100-continue")])
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(answer.body, "{}")
            let next = try await send(server, batch(count: 1, prefix: "after"))
            XCTAssertEqual(next.status, 200)
            XCTAssertEqual(server.acceptedTransactionIDs, ["expect-0", "expect-1", "after-0"])
        }
    }

    func testConcurrentRequestsLoseAndInterleaveNothing() async throws {
        let record = temporaryPath("record.ndjson")
        try await withServer(configuration(record: record)) { server in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for request in 0..<10 {
                            let answer = try await send(server, batch(count: 100, prefix: "w\(worker)-r\(request)"))
                            XCTAssertEqual(answer.status, 200)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let ids = recordedIDs(record)
            XCTAssertEqual(ids.count, 8000)
            XCTAssertEqual(Set(ids).count, 8000)
            XCTAssertEqual(server.acceptedTransactionIDs, Set(ids))
            XCTAssertEqual(server.statistics.eventsAccepted, 8000)
        }
    }

    func testStartRefusesAnInvalidConfiguration() async throws {
        var settings = configuration()
        settings.faults.failRate = 1.5
        do {
            _ = try await MockMetronomeServer.start(settings)
            XCTFail("started with failRate 1.5")
        } catch let error as MockMetronomeError {
            XCTAssertEqual(error, .invalidConfiguration("failRate must be between 0 and 1, got 1.5"))
        }
        XCTAssertEqual(MockMetronomeConfiguration(port: 70_000, token: "").problems.count, 2)
        XCTAssertEqual(MockMetronomeConfiguration().problems, [])
    }

    func testStopIsIdempotentAndClosesThePort() async throws {
        let server = try await MockMetronomeServer.start(configuration())
        let port = server.port
        try await server.stop()
        try await server.stop()
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/ingest")
        request.method = .POST
        do {
            _ = try await HTTPClient.shared.execute(request, timeout: .seconds(1))
            XCTFail("the stopped server answered")
        } catch {}
    }
}
