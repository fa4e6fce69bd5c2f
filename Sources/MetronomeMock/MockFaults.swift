/// Failures the stand-in injects on purpose, each a probability drawn per request.
///
/// Faults apply only to requests that would otherwise succeed (authenticated, well-formed, every event
/// valid), so a test can tell an injected failure from a real one. For each such request the rates are
/// tried in a fixed order, `dropRate`, `failRate`, `failAfterPartialRate`, `throttleRate`, `slowRate`,
/// with an independent draw each; the first that fires decides the answer, so with several rates set
/// the later ones fire a little less often than their rate.
public struct MockFaults: Sendable, Equatable {
    /// Read the whole request, then close the connection without answering (a network error for the
    /// client; nothing is ingested).
    public var dropRate: Double
    /// Answer 500 `{"message":"Internal server error"}` without ingesting anything.
    public var failRate: Double
    /// Ingest a non-empty strict prefix of the batch (a random length; recorded and deduplicated like any
    /// accepted event), then answer 500: Metronome's "some of your events may have been ingested". A
    /// one-event request has no such prefix and ingests nothing.
    public var failAfterPartialRate: Double
    /// Answer 429 with `Retry-After: retryAfterSeconds`, ingesting nothing.
    public var throttleRate: Double
    /// The `Retry-After` value of a 429, in seconds (fractional values are sent as written, e.g. `0.25`).
    public var retryAfterSeconds: Double
    /// Ingest the request normally but answer only after `slowDelaySeconds`.
    public var slowRate: Double
    /// How long a slow answer waits, in seconds.
    public var slowDelaySeconds: Double

    public init(
        dropRate: Double = 0, failRate: Double = 0, failAfterPartialRate: Double = 0, throttleRate: Double = 0,
        retryAfterSeconds: Double = 1, slowRate: Double = 0, slowDelaySeconds: Double = 2
    ) {
        self.dropRate = dropRate
        self.failRate = failRate
        self.failAfterPartialRate = failAfterPartialRate
        self.throttleRate = throttleRate
        self.retryAfterSeconds = retryAfterSeconds
        self.slowRate = slowRate
        self.slowDelaySeconds = slowDelaySeconds
    }

    /// No faults: every valid request is answered 200 at once.
    public static let none = MockFaults()
}
