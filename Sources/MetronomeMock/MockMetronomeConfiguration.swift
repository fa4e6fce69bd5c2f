import NIOCore

/// How a `MockMetronomeServer` listens, authenticates, checks events, records and misbehaves.
public struct MockMetronomeConfiguration: Sendable {
    /// The address to listen on (default loopback only).
    public var host: String
    /// The TCP port; 0 picks a free one (read it back from `MockMetronomeServer.port`).
    public var port: Int
    /// The bearer token requests must carry (403 otherwise); nil accepts any token. A missing or
    /// malformed `Authorization` header is 401 either way.
    public var token: String?
    /// A file to which every accepted event is appended as one compact JSON line; nil records nothing.
    /// When the file already exists its `transaction_id`s count as accepted, so dedupe survives a restart.
    public var recordPath: String?
    /// The reference time for the 24-hour future and the backdating limits, epoch milliseconds; nil uses
    /// the wall clock at each request.
    public var nowMilliseconds: Int64?
    /// How far before the reference time an event's timestamp may be (Metronome: 34 days).
    public var maximumAgeMilliseconds: Int64
    /// Whether request bodies are parsed and checked. With false, every authenticated `POST /v1/ingest`
    /// is answered 200 (faults aside) without reading its body: a sink for throughput benchmarks that
    /// records and deduplicates nothing.
    public var validate: Bool
    /// The failures to inject (none by default).
    public var faults: MockFaults
    /// The seed of the fault draws.
    public var seed: UInt64
    /// The largest request body accepted, before and after gzip decoding; larger ones get 413.
    public var maximumBodyBytes: Int
    /// Event-loop threads (default: one per core).
    public var threads: Int

    /// Metronome's backdating window: 34 days.
    public static let defaultMaximumAgeMilliseconds: Int64 = 34 * 86_400_000

    public init(
        host: String = "127.0.0.1", port: Int = 0, token: String? = nil, recordPath: String? = nil,
        nowMilliseconds: Int64? = nil, maximumAgeMilliseconds: Int64 = Self.defaultMaximumAgeMilliseconds,
        validate: Bool = true, faults: MockFaults = .none, seed: UInt64 = 0, maximumBodyBytes: Int = 16 << 20,
        threads: Int = System.coreCount
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.recordPath = recordPath
        self.nowMilliseconds = nowMilliseconds
        self.maximumAgeMilliseconds = maximumAgeMilliseconds
        self.validate = validate
        self.faults = faults
        self.seed = seed
        self.maximumBodyBytes = maximumBodyBytes
        self.threads = threads
    }
}
