import XCTest

@testable import MetronomeIngest

final class IngestEndpointTests: XCTestCase {
    func testResolutionOrderIsFlagThenEnvironmentThenDefault() throws {
        XCTAssertEqual(
            try IngestEndpoint.resolve(endpoint: nil, environment: [:], allowInsecureHTTP: false).ingestURL,
            "https://api.metronome.com/v1/ingest")
        XCTAssertEqual(
            try IngestEndpoint.resolve(
                endpoint: nil, environment: ["METRONOME_BASE_URL": "https://proxy.example/metronome/"],
                allowInsecureHTTP: false
            ).ingestURL, "https://proxy.example/metronome/v1/ingest")
        XCTAssertEqual(
            try IngestEndpoint.resolve(
                endpoint: "http://127.0.0.1:8080", environment: ["METRONOME_BASE_URL": "https://x.example"],
                allowInsecureHTTP: false
            ).ingestURL, "http://127.0.0.1:8080/v1/ingest")
    }

    func testPlainHTTPOnlyToLoopbackUnlessAllowed() throws {
        for host in ["http://localhost:9", "http://127.0.0.1", "http://127.1.2.3:80", "http://[::1]:8080"] {
            XCTAssertNoThrow(try IngestEndpoint(baseURL: host), host)
        }
        XCTAssertThrowsError(try IngestEndpoint(baseURL: "http://metronome.internal")) { error in
            XCTAssertEqual(
                "\(error)",
                "refusing to send the API token over plain http to metronome.internal; use https, or pass --allow-insecure-http"
            )
        }
        XCTAssertNoThrow(try IngestEndpoint(baseURL: "http://metronome.internal", allowInsecureHTTP: true))
        XCTAssertThrowsError(try IngestEndpoint(baseURL: "ftp://x.example"))
        XCTAssertThrowsError(try IngestEndpoint(baseURL: "not a url"))
        XCTAssertThrowsError(try IngestEndpoint(baseURL: "https://user:secret@x.example"))
        XCTAssertThrowsError(try IngestEndpoint(baseURL: "http://127.0.0.1.evil.example"))
    }

    func testTheTokenNeverPrints() {
        let token = BearerToken("  sk_live_abc123\n")!
        XCTAssertEqual(token.authorizationHeader, "Bearer sk_live_abc123")
        XCTAssertEqual("\(token)", "<redacted>")
        XCTAssertEqual(String(reflecting: token), "<redacted>")
        var dumped = ""
        dump(token, to: &dumped)
        XCTAssertFalse(dumped.contains("abc123"), dumped)
        XCTAssertEqual(token.scrub("echo: Bearer sk_live_abc123"), "echo: Bearer <redacted>")
        XCTAssertNil(BearerToken(" \n"))
    }
}
