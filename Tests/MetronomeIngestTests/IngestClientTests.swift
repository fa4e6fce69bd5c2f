import Foundation
import NIOSSL
import XCTest

@testable import MetronomeIngest

/// The HTTP client: its defaults, its TLS settings (a self-signed server is refused: `SecurityTests`,
/// through the binary), and how it reads answers from a real (tiny) HTTP server.
final class IngestClientTests: XCTestCase {
    func testTLSVerifiesCertificatesAndNeedsTLS12() {
        XCTAssertEqual(IngestClient.tlsConfiguration.certificateVerification, .fullVerification)
        XCTAssertEqual(IngestClient.tlsConfiguration.minimumTLSVersion, .tlsv12)
    }

    func testDefaultsAreTheSDKsTimeouts() {
        let settings = IngestClient.Settings()
        XCTAssertEqual(settings.requestTimeoutSeconds, 60, "the official SDKs' request timeout")
        XCTAssertEqual(settings.connectTimeoutSeconds, 5, "the Python SDK's connect timeout")
        XCTAssertEqual(settings.connections, 8)
        XCTAssertFalse(settings.compress)
    }

    private func start(_ reply: @escaping @Sendable (Int) -> TinyHTTPServer.Reply?) async throws -> TinyHTTPServer {
        try await TinyHTTPServer.start(reply: reply)
    }

    private func client(
        _ server: TinyHTTPServer, _ configure: (inout IngestClient.Settings) -> Void = { _ in }
    )
        throws -> IngestClient
    {
        var settings = IngestClient.Settings()
        settings.requestTimeoutSeconds = 10
        configure(&settings)
        return IngestClient(
            endpoint: try IngestEndpoint(baseURL: server.baseURL), token: BearerToken("secret-token")!,
            settings: settings)
    }

    func testTheHeadersSayWhoIsSendingAndHowTheBodyIsEncoded() async throws {
        let server = try await start { _ in .init(status: 200, body: Array("{}".utf8)) }
        for compress in [false, true] {
            let client = try client(server) {
                $0.userAgent = "segment-metronome/9.9.9"
                $0.compress = compress
            }
            let response = await client.send(Array(#"[{"transaction_id":"a"}]"#.utf8))
            await client.shutdown()
            XCTAssertEqual(response, .answered(status: 200, hints: .init(), message: "{}"))
        }
        try await server.stop()
        let heads = server.requests
        XCTAssertEqual(heads.count, 2)
        for head in heads {
            XCTAssertEqual(head.uri, "/v1/ingest")
            XCTAssertEqual(head.headers["user-agent"], ["segment-metronome/9.9.9"])
            XCTAssertEqual(head.headers["authorization"], ["Bearer secret-token"])
            XCTAssertEqual(head.headers["content-type"], ["application/json"])
        }
        XCTAssertEqual(heads[0].headers["content-encoding"], [])
        XCTAssertEqual(heads[1].headers["content-encoding"], ["gzip"])
    }

    /// A 400 with a body far over what is kept is still a 400 (not a connection failure to retry), and
    /// the connection stays usable.
    func testAnAnswerWithAHugeBodyIsDecidedByItsStatus() async throws {
        let large =
            Array(#"{"message":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 200 << 10)
            + Array(#""}"#.utf8)
        let huge = [UInt8](repeating: UInt8(ascii: "y"), count: 6 << 20)
        let server = try await start { request in
            switch request {
            case 0: return .init(status: 400, body: large)
            case 1: return .init(status: 429, headers: [("Retry-After", "2")], body: large)
            case 2: return .init(status: 400, body: huge)
            default: return .init(status: 200, body: large)
            }
        }
        let client = try client(server)
        let body = Array(#"[{"transaction_id":"a"}]"#.utf8)
        var answers: [IngestResponse] = []
        for _ in 0..<4 { answers.append(await client.send(body)) }
        await client.shutdown()
        try await server.stop()
        XCTAssertEqual(server.requests.count, 4, "each request was sent once")

        guard case .answered(400, _, let message) = answers[0] else { return XCTFail("\(answers[0])") }
        XCTAssertEqual(message.utf8.count, IngestClient.keptBodyBytes, "the first 64 KiB are kept")
        XCTAssertTrue(message.hasPrefix(#"{"message":"xxx"#))
        guard case .rejected(let reason, isolatable: true) = RetryLogic.status(of: answers[0]) else {
            return XCTFail("a 400 is isolated, not retried: \(RetryLogic.status(of: answers[0]))")
        }
        XCTAssertTrue(reason.hasPrefix("HTTP 400: "), reason)
        XCTAssertLessThan(reason.count, 400)

        guard case .answered(429, let hints, _) = answers[1] else { return XCTFail("\(answers[1])") }
        XCTAssertEqual(hints.retryAfter, 2)
        guard case .answered(400, _, let hugeMessage) = answers[2] else { return XCTFail("\(answers[2])") }
        XCTAssertEqual(hugeMessage.utf8.count, IngestClient.keptBodyBytes)
        guard case .answered(200, _, _) = answers[3] else { return XCTFail("\(answers[3])") }
        XCTAssertEqual(RetryLogic.status(of: answers[3]), .delivered)
    }

    func testAServerThatNeverAnswersTimesOutAndTheRequestIsRetried() throws {
        let server = try blocking { try await TinyHTTPServer.start { _ in nil } }
        let client = try client(server) { $0.requestTimeoutSeconds = 0.3 }
        let started = Date()
        let response = try blocking { await client.send(Array(#"[{"transaction_id":"a"}]"#.utf8)) }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(response, .timedOut)
        XCTAssertGreaterThanOrEqual(elapsed, 0.25)
        XCTAssertLessThan(elapsed, 5, "--timeout bounds the wait")

        // Through the uploader (from this plain thread, as the pipeline does): a timeout is retried,
        // then reported retriable.
        var settings = BatchUploader.Settings()
        var policy = RetryPolicy(maximumRetries: 2)
        policy.initialBackoffSeconds = 0.01
        settings.retryPolicy = policy
        let outcomes = OutcomeList()
        let uploader = BatchUploader(transport: client, settings: settings) { outcomes.append($0) }
        var batcher = IngestBatcher(file: 0, maximumEvents: 100)
        var text = #"{"transaction_id":"t1"}"#
        var batches = text.withUTF8 {
            batcher.add(UnsafeRawBufferPointer($0), transactionID: Array("t1".utf8), origin: .init(file: 0, line: 1))
        }
        if let last = batcher.finish() { batches.append(last) }
        for batch in batches { uploader.submit(batch) }
        uploader.finish()
        try blocking {
            await client.shutdown()
            try await server.stop()
        }

        XCTAssertEqual(server.requests.count, 1 + 3, "one send above, then three attempts")
        let outcome = try XCTUnwrap(outcomes.sorted.first)
        XCTAssertEqual(outcome.retries, 2)
        XCTAssertEqual(outcome.delivered, 0)
        XCTAssertEqual(outcome.failures.map(\.retriable), [true])
        XCTAssertTrue(
            outcome.failures.first?.reason.contains("(last: the request timed out)") == true,
            outcome.failures.first?.reason ?? "")
    }
}
