import AsyncHTTPClient
import Foundation
import MetronomeMock
import NIOCore
import NIOHTTP1
import SegmentArchive
import XCTest

/// The reference time of the tests: 2024-06-01T00:00:00Z.
let testNow: Int64 = 1_717_200_000_000
let testToken = "test-token"

/// One Metronome event as compact JSON.
func event(
    _ id: String, customer: String = "cust_1", type: String = "api_call",
    timestamp: String = "2024-05-31T12:00:00.000Z", properties: String = #"{"count":"3"}"#
) -> String {
    #"{"transaction_id":"\#(id)","customer_id":"\#(customer)","event_type":"\#(type)","timestamp":"\#(timestamp)","properties":\#(properties)}"#
}

/// A JSON array body of `events`.
func batch(_ events: [String]) -> [UInt8] { Array(("[" + events.joined(separator: ",") + "]").utf8) }

/// A body of `count` valid events with IDs `prefix-0`, `prefix-1`, ...
func batch(count: Int, prefix: String = "tx") -> [UInt8] { batch((0..<count).map { event("\(prefix)-\($0)") }) }

/// The answer to one request.
struct Answer {
    var status: Int
    var body: String
    var headers: HTTPHeaders
}

/// Sends one request to `server` and returns the answer.
func send(
    _ server: MockMetronomeServer, _ body: [UInt8], token: String? = testToken, path: String = "/v1/ingest",
    method: HTTPMethod = .POST, headers extra: [(String, String)] = []
) async throws -> Answer {
    var request = HTTPClientRequest(url: server.baseURL + path)
    request.method = method
    request.headers.add(name: "Content-Type", value: "application/json")
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    for (name, value) in extra { request.headers.add(name: name, value: value) }
    if method == .POST { request.body = .bytes(body) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    return Answer(status: Int(response.status.code), body: String(buffer: bytes), headers: response.headers)
}

/// A fresh temporary file path (not created).
func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("mock-\(UUID().uuidString)-\(name)").path
}

/// The lines of the file at `path` (none when it does not exist).
func lines(_ path: String) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        .map(String.init)
}

/// The `transaction_id` of each recorded line, in file order; fails the test on a line that is not an event.
func recordedIDs(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    lines(path).compactMap { text in
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        guard let id = object?["transaction_id"] as? String else {
            XCTFail("not a recorded event: \(text)", file: file, line: line)
            return nil
        }
        return id
    }
}

/// `bytes` compressed as one gzip member.
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var compressed: [UInt8] = []
    let compressor = GzipCompressor(level: 6)
    bytes.withUnsafeBytes { input in compressor.compress(input, finish: true) { compressed.append(contentsOf: $0) } }
    return compressed
}

extension XCTestCase {
    /// Runs `body` with a server started on a free port, stopping it afterwards.
    func withServer(
        _ configuration: MockMetronomeConfiguration = MockMetronomeConfiguration(),
        _ body: (MockMetronomeServer) async throws -> Void
    ) async throws {
        var configuration = configuration
        configuration.port = 0
        if configuration.nowMilliseconds == nil { configuration.nowMilliseconds = testNow }
        let server = try await MockMetronomeServer.start(configuration)
        do {
            try await body(server)
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }
}

/// A configuration with the test token and, optionally, a record file and faults.
func configuration(
    token: String? = testToken, record: String? = nil, faults: MockFaults = .none, validate: Bool = true
) -> MockMetronomeConfiguration {
    MockMetronomeConfiguration(
        token: token, recordPath: record, nowMilliseconds: testNow, validate: validate, faults: faults, threads: 2)
}
