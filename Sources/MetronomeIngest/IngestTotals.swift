/// The HTTP sink's counts for a run: every event handed to it ends delivered, rejected or not
/// delivered (retriable), and `isBalanced` checks exactly that.
public struct IngestTotals: Sendable, Equatable {
    /// Events handed to the sink.
    public var eventsSubmitted = 0
    /// Events in requests Metronome answered 2xx (duplicates it ignored included).
    public var eventsDelivered = 0
    /// Events refused: by the check before batching, or by Metronome (400 and other 4xx).
    public var eventsRejected = 0
    /// Events not delivered but worth sending again: retries used up, or the run stopped first.
    public var eventsNotDelivered = 0
    /// Events skipped because an earlier run settled them (a resumed file; the ledger).
    public var eventsAlreadySettled = 0
    /// Rejected and not-delivered events by category.
    public var rejectedByReason: [String: Int] = [:]
    public var batches = 0
    public var requests = 0
    /// Requests that repeated a retriable failure.
    public var retries = 0
    /// Times a 400'd batch (or part) was halved to find its bad events.
    public var splits = 0
    /// Why the run stopped early (Metronome refused the token), or nil.
    public var stopReason: String?
    /// A failure writing the rejects file, which makes the accounting incomplete.
    public var rejectsWriteError: String?

    public init() {}

    /// True when delivered + rejected + not delivered + already settled = submitted.
    public var isBalanced: Bool {
        eventsSubmitted == eventsDelivered + eventsRejected + eventsNotDelivered + eventsAlreadySettled
    }
}
