/// Sends one request body to `/v1/ingest` and reports what came back; never throws.
///
/// `IngestClient` is the HTTP implementation; tests and benchmarks may substitute their own.
public protocol IngestTransport: Sendable {
    /// Posts `body` (a JSON array of events) and returns the response or the transport failure.
    func send(_ body: [UInt8]) async -> IngestResponse
}
