/// What became of one batch: how many of its events were delivered and why the others were not.
public struct BatchOutcome: Sendable {
    /// One event that was not delivered.
    public struct Failure: Sendable, Equatable {
        /// The event's index in the batch.
        public var index: Int
        /// For the rejects file: what happened, with the server's message.
        public var reason: String
        /// For the report's counts: the reason without what varies.
        public var category: String
        /// True when sending the event again may succeed (retries used up, or never sent because the
        /// run stopped); false when Metronome refused it.
        public var retriable: Bool
    }

    public let batch: IngestBatch
    public internal(set) var delivered = 0
    public internal(set) var failures: [Failure] = []
    /// Requests sent for this batch, retries and halves included.
    public internal(set) var requests = 0
    /// Requests that were repeats of a retriable failure.
    public internal(set) var retries = 0
    /// Times a 400'd part of the batch was split in two.
    public internal(set) var splits = 0

    init(batch: IngestBatch) { self.batch = batch }

    mutating func fail(_ range: Range<Int>, reason: String, category: String, retriable: Bool) {
        for index in range {
            failures.append(Failure(index: index, reason: reason, category: category, retriable: retriable))
        }
    }
}
