/// What a `MockMetronomeServer` has seen so far: requests, answers and events.
public struct MockMetronomeStatistics: Sendable, Equatable {
    /// Complete requests read, whatever the answer (dropped ones included).
    public var requests = 0
    /// Answers sent, by HTTP status (a dropped connection is not an answer).
    public var responses: [Int: Int] = [:]
    /// Events accepted: new `transaction_id`s recorded, including those of partial ingests.
    public var eventsAccepted = 0
    /// Events of valid requests ignored because their `transaction_id` had already been accepted.
    public var duplicatesIgnored = 0
    /// Events in requests answered 400 (the whole request is refused when one event is bad).
    public var eventsRefused = 0
    /// Requests whose connection was closed without an answer (`MockFaults.dropRate`).
    public var droppedConnections = 0
    /// Requests answered 500 after ingesting part of their events (`MockFaults.failAfterPartialRate`).
    public var partialIngests = 0
    /// Requests answered late (`MockFaults.slowRate`).
    public var slowResponses = 0
    /// Requests whose body was sent with `Content-Encoding: gzip` (or `x-gzip`), whatever the answer.
    public var gzipRequests = 0
    /// Requests by their `User-Agent` header (`""` for none), whatever the answer: at most
    /// `maximumUserAgents` distinct values, later ones are counted in `otherUserAgents`.
    public var userAgents: [String: Int] = [:]
    /// Requests whose `User-Agent` came after `maximumUserAgents` distinct ones.
    public var otherUserAgents = 0

    /// The most distinct `User-Agent` values `userAgents` keeps (a client cannot grow it without bound).
    public static let maximumUserAgents = 16

    public init() {}

    /// The number of answers with status `status`.
    public func responses(_ status: Int) -> Int { responses[status, default: 0] }

    /// A one-paragraph human summary, e.g. for `serve-mock` at exit.
    public var summary: String {
        let statuses =
            responses.isEmpty
            ? "none" : responses.keys.sorted().map { "\($0) x \(responses[$0]!)" }.joined(separator: ", ")
        return """
            \(requests) request\(requests == 1 ? "" : "s") (answers: \(statuses)); \
            \(eventsAccepted) event\(eventsAccepted == 1 ? "" : "s") accepted, \(duplicatesIgnored) duplicate\(duplicatesIgnored == 1 ? "" : "s") ignored, \
            \(eventsRefused) refused in 400 answers; \(droppedConnections) connection\(droppedConnections == 1 ? "" : "s") dropped, \
            \(partialIngests) partial ingest\(partialIngests == 1 ? "" : "s"), \(slowResponses) slow answer\(slowResponses == 1 ? "" : "s"); \
            \(gzipRequests) gzip-encoded request\(gzipRequests == 1 ? "" : "s")
            """
    }
}
